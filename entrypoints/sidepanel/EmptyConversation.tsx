import { useEffect, useState } from 'preact/hooks';
import type { EngineStatus } from '@/lib/contracts/engine';
import { inkling } from '@/lib/stream/runtime-client';

/** An empty conversation's line, honest about where the answers are written. */
export function EmptyConversation() {
  const [active, setActive] = useState<EngineStatus['active']>();
  useEffect(() => inkling.onStatus((status) => setActive(status.active)), []);
  return (
    <p class="empty">
      {active?.id === 'server'
        ? `Ask anything. ${active.label} writes the answers: the conversation goes there and nowhere else.`
        : 'Ask anything. Answers are written on this device; nothing leaves it.'}
    </p>
  );
}
