import { useState } from 'preact/hooks';

interface ComposerProps {
  streaming: boolean;
  onSend(text: string): Promise<boolean>;
  onStop(): void;
}

export function Composer({ streaming, onSend, onStop }: ComposerProps) {
  const [text, setText] = useState('');

  const send = () => {
    if (streaming || !text.trim()) return;
    const question = text;
    setText('');
    void onSend(question);
  };

  return (
    <form
      class="composer"
      onSubmit={(event) => {
        event.preventDefault();
        send();
      }}
    >
      <textarea
        aria-label="Message"
        placeholder="Message Inkling (Enter sends, Shift+Enter for a new line)"
        rows={3}
        value={text}
        onInput={(event) => setText(event.currentTarget.value)}
        onKeyDown={(event) => {
          // Enter while an input method composes a character belongs to the input method.
          if (event.key !== 'Enter' || event.shiftKey || event.isComposing) return;
          event.preventDefault();
          send();
        }}
      />
      {streaming ? (
        <button type="button" class="stop" onClick={onStop}>
          Stop
        </button>
      ) : (
        <button type="submit" disabled={!text.trim()}>
          Send
        </button>
      )}
    </form>
  );
}
