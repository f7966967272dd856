import { memo } from 'preact/compat';
import { useLayoutEffect, useRef } from 'preact/hooks';
import { formatMetrics } from '@/lib/chat/format-metrics';
import type { Turn } from '@/lib/chat/turns';

/** Follows a streaming answer down, unless the user scrolled up to read. */
const STICK_TO_BOTTOM_PX = 48;

export function Transcript({ turns }: { turns: Turn[] }) {
  const list = useRef<HTMLElement>(null);
  const atBottom = useRef(true);

  useLayoutEffect(() => {
    const element = list.current;
    if (element && atBottom.current) element.scrollTop = element.scrollHeight;
  });

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
      {turns.length === 0 && <p class="empty">Ask anything. Answers are written on this device; nothing leaves it.</p>}
      {turns.map((turn) => (
        <TurnView key={turn.id} turn={turn} />
      ))}
    </section>
  );
}

// Only the streaming answer changes per frame; finished turns are not rendered again.
const TurnView = memo(function TurnView({ turn }: { turn: Turn }) {
  if (turn.role === 'user') {
    return (
      <article class="turn user" aria-label="You">
        <p class="text">{turn.text}</p>
      </article>
    );
  }
  return (
    <article class="turn assistant" aria-label="Inkling" aria-busy={turn.status === 'streaming'} data-status={turn.status}>
      <div class="text answer">{turn.text}</div>
      {turn.status === 'streaming' && !turn.text && <p class="thinking">Thinking…</p>}
      {turn.result && <p class="metrics">{formatMetrics(turn.result)}</p>}
      {turn.result?.notice && <p class="notice">{turn.result.notice}</p>}
      {turn.error && (
        <p class="error" role="alert">
          {turn.error}
        </p>
      )}
    </article>
  );
});
