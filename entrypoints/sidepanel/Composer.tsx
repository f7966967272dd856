import { useRef, useState } from 'preact/hooks';
import { matchingTabs, type Mention, mentionAt, moveChoice, withoutMention } from '@/lib/panel/mention';
import type { OpenTab } from '@/lib/panel/page-context';
import { TAB_LIST_ID, TabMention, tabOptionId } from './TabMention';

interface ComposerProps {
  streaming: boolean;
  onSend(text: string): Promise<boolean>;
  onStop(): void;
  /** The other open tabs, for `@`. */
  listTabs(): Promise<OpenTab[]>;
  onAddTab(tab: OpenTab): void;
}

export function Composer({ streaming, onSend, onStop, listTabs, onAddTab }: ComposerProps) {
  const [text, setText] = useState('');
  const [mention, setMention] = useState<Mention>();
  const [tabs, setTabs] = useState<OpenTab[]>([]);
  const [choice, setChoice] = useState(0);
  const box = useRef<HTMLTextAreaElement>(null);
  const offered = mention ? matchingTabs(tabs, mention.query) : [];

  const send = () => {
    if (streaming || !text.trim()) return;
    const question = text;
    setText('');
    void onSend(question);
  };

  const typed = (value: string, caret: number) => {
    setText(value);
    const next = mentionAt(value, caret);
    if (next && !mention) void listTabs().then(setTabs);
    if (next?.query !== mention?.query) setChoice(0);
    setMention(next);
  };

  const pick = (tab: OpenTab) => {
    const caret = box.current?.selectionStart ?? text.length;
    if (mention) setText(withoutMention(text, mention, caret));
    setMention(undefined);
    onAddTab(tab);
  };

  return (
    <form
      class="composer"
      onSubmit={(event) => {
        event.preventDefault();
        send();
      }}
    >
      {mention && <TabMention tabs={offered} choice={choice} onPick={pick} />}
      <textarea
        ref={box}
        aria-label="Message"
        placeholder="Message Inkling (Enter sends, Shift+Enter for a new line, @ adds an open tab)"
        rows={3}
        value={text}
        aria-controls={mention ? TAB_LIST_ID : undefined}
        aria-activedescendant={mention && offered.length > 0 ? tabOptionId(choice) : undefined}
        onInput={(event) => typed(event.currentTarget.value, event.currentTarget.selectionStart)}
        onBlur={() => setMention(undefined)}
        onKeyDown={(event) => {
          if (mention && (event.key === 'ArrowDown' || event.key === 'ArrowUp')) {
            event.preventDefault();
            setChoice((index) => moveChoice(index, event.key === 'ArrowDown' ? 1 : -1, offered.length));
            return;
          }
          if (mention && event.key === 'Escape') {
            event.preventDefault();
            setMention(undefined);
            return;
          }
          // Enter while an input method composes a character belongs to the input method.
          if (event.key !== 'Enter' || event.shiftKey || event.isComposing) return;
          event.preventDefault();
          const tab = mention && offered[choice];
          if (tab) pick(tab);
          else send();
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
