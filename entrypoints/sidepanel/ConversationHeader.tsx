import { useState } from 'preact/hooks';
import { exportFileName, toJson, toMarkdown } from '@/lib/chat/export';
import type { Conversation } from '@/lib/chat/store';
import type { CpuModel } from '@/lib/contracts/engine';
import { ModelChoice } from './ModelChoice';

interface Props {
  conversation: Conversation;
  onSystemPrompt(prompt: string): void;
  onCpuModel(model: CpuModel | undefined): void;
}

/** The open conversation's system prompt, its CPU model and its exports. */
export function ConversationHeader({ conversation, onSystemPrompt, onCpuModel }: Props) {
  const [prompt, setPrompt] = useState<string>();
  const saved = conversation.turns.length > 0;

  return (
    <div class="conversation-header">
      <details
        onToggle={(event) =>
          setPrompt((event.currentTarget as HTMLDetailsElement).open ? (conversation.systemPrompt ?? '') : undefined)
        }
      >
        <summary>System prompt{conversation.systemPrompt ? ': on' : ''}</summary>
        {prompt !== undefined && (
          <form
            onSubmit={(event) => {
              event.preventDefault();
              onSystemPrompt(prompt);
            }}
          >
            <textarea
              aria-label="System prompt"
              rows={3}
              value={prompt}
              onInput={(event) => setPrompt(event.currentTarget.value)}
              placeholder="e.g. Answer in one short paragraph."
            />
            <button type="submit" class="small">
              Save system prompt
            </button>
            <p class="hint">It applies from the next message.</p>
          </form>
        )}
      </details>
      <ModelChoice chosen={conversation.cpuModel} onChoose={onCpuModel} />
      {saved && (
        <div class="exports">
          <button
            type="button"
            class="quiet small"
            onClick={() => download(exportFileName(conversation, 'md'), toMarkdown(conversation), 'text/markdown')}
          >
            Export Markdown
          </button>
          <button
            type="button"
            class="quiet small"
            onClick={() => download(exportFileName(conversation, 'json'), toJson(conversation), 'application/json')}
          >
            Export JSON
          </button>
        </div>
      )}
    </div>
  );
}

function download(name: string, text: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = Object.assign(document.createElement('a'), { href: url, download: name });
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
