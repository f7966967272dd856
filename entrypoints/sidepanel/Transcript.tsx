import { memo } from 'preact/compat';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { formatMetrics } from '@/lib/chat/format-metrics';
import type { Citation, SourceInfo } from '@/lib/contracts/source';
import type { AssistantTurn, Turn, UserTurn } from '@/lib/contracts/turns';
import { writeClipboard } from '@/lib/ui/clipboard';
import { createCopyAction, type CopyState } from '@/lib/ui/copy-feedback';
import { EmptyConversation } from './EmptyConversation';
import { MarkdownAnswer } from './MarkdownAnswer';
import { Citations } from './Citations';
import { TurnSources } from './TurnSources';

/** Follows a streaming answer down, unless the user scrolled up to read. */
const STICK_TO_BOTTOM_PX = 48;

interface TranscriptProps {
  turns: Turn[];
  /** The pages the conversation is about, named in the questions that used them. */
  sources?: SourceInfo[];
  busy: boolean;
  /** A line for the answer being prepared, e.g. "Summarizing part 3 of 7…". */
  progress?: { turnId: string; text: string };
  onRegenerate(answerId: string): void;
  onEdit(turnId: string, text: string): void;
  /** A citation was clicked: show its words in the page. */
  onShowQuote(citation: Citation): void;
}

export function Transcript({
  turns,
  sources = NO_SOURCES,
  busy,
  progress,
  onRegenerate,
  onEdit,
  onShowQuote,
}: TranscriptProps) {
  const list = useRef<HTMLElement>(null);
  const atBottom = useRef(true);

  useLayoutEffect(() => {
    const element = list.current;
    if (element && atBottom.current) element.scrollTop = element.scrollHeight;
  });

  const lastAnswer = turns.findLast((turn) => turn.role === 'assistant');
  return (
    <section
      class="transcript"
      ref={list}
      aria-label="Conversation"
      onScroll={(event) => {
        const element = event.currentTarget;
        atBottom.current = element.scrollHeight - element.scrollTop - element.clientHeight < STICK_TO_BOTTOM_PX;
      }}
    >
      {turns.length === 0 && <EmptyConversation />}
      {turns.map((turn) =>
        turn.role === 'user' ? (
          <UserTurnView key={turn.id} turn={turn} sources={sources} busy={busy} onEdit={onEdit} />
        ) : (
          <AnswerView
            key={turn.id}
            turn={turn}
            progress={progress?.turnId === turn.id ? progress.text : undefined}
            canRegenerate={!busy && turn === lastAnswer}
            onRegenerate={onRegenerate}
            sources={sources}
            onShowQuote={onShowQuote}
          />
        ),
      )}
    </section>
  );
}

// Only the streaming answer changes per frame; finished turns are not rendered again.
const NO_SOURCES: SourceInfo[] = [];

const UserTurnView = memo(function UserTurnView({
  turn,
  sources,
  busy,
  onEdit,
}: {
  turn: UserTurn;
  sources: SourceInfo[];
  busy: boolean;
  onEdit(turnId: string, text: string): void;
}) {
  const [editing, setEditing] = useState<string>();
  if (editing !== undefined) {
    return (
      <article class="turn user editing" aria-label="You">
        <textarea
          aria-label="Edit message"
          rows={3}
          value={editing}
          onInput={(event) => setEditing(event.currentTarget.value)}
        />
        <div class="turn-actions">
          <button
            type="button"
            disabled={!editing.trim() || busy}
            onClick={() => {
              onEdit(turn.id, editing);
              setEditing(undefined);
            }}
          >
            Resend
          </button>
          <button type="button" class="quiet" onClick={() => setEditing(undefined)}>
            Cancel
          </button>
        </div>
      </article>
    );
  }
  return (
    <article class="turn user" aria-label="You">
      <p class="text">{turn.text}</p>
      {turn.sources && <TurnSources used={turn.sources} sources={sources} />}
      <div class="turn-actions">
        <button
          type="button"
          class="quiet small"
          disabled={busy}
          onClick={() => setEditing(turn.text)}
          aria-label="Edit this message"
        >
          Edit
        </button>
      </div>
    </article>
  );
});

const AnswerView = memo(function AnswerView({
  turn,
  progress,
  canRegenerate,
  onRegenerate,
  sources,
  onShowQuote,
}: {
  turn: AssistantTurn;
  progress?: string;
  canRegenerate: boolean;
  onRegenerate(answerId: string): void;
  sources: SourceInfo[];
  onShowQuote(citation: Citation): void;
}) {
  const streaming = turn.status === 'streaming';
  return (
    <article class="turn assistant" aria-label="Inkling" aria-busy={streaming} data-status={turn.status}>
      <MarkdownAnswer text={turn.text} final={!streaming} />
      {streaming && !turn.text && (
        <p class="thinking" role="status">
          {progress ?? 'Thinking…'}
        </p>
      )}
      {turn.result?.citations && <Citations citations={turn.result.citations} sources={sources} onShow={onShowQuote} />}
      {turn.result && <p class="metrics">{formatMetrics(turn.result)}</p>}
      {turn.result?.notice && <p class="notice">{turn.result.notice}</p>}
      {turn.error && (
        <p class="error" role="alert">
          {turn.error}
        </p>
      )}
      {!streaming && (
        <div class="turn-actions">
          {turn.text && <CopyButton text={turn.text} />}
          {canRegenerate && (
            <button type="button" class="quiet small" onClick={() => onRegenerate(turn.id)}>
              Regenerate
            </button>
          )}
        </div>
      )}
    </article>
  );
});

const COPY_ANSWER_LABELS: Record<CopyState, string> = { idle: 'Copy', copied: 'Copied', failed: 'Copy failed' };

function CopyButton({ text }: { text: string }) {
  const [state, setState] = useState<CopyState>('idle');
  const action = useMemo(() => createCopyAction((copied) => writeClipboard(document, copied), setState), []);
  useEffect(() => () => action.dispose(), [action]);
  return (
    <button type="button" class="quiet small" onClick={() => void action.copy(text)} aria-label="Copy answer">
      {COPY_ANSWER_LABELS[state]}
    </button>
  );
}
