import { useRef, useState } from 'preact/hooks';
import { toRequestMessages, type AssistantTurn, type Turn } from '@/lib/chat/turns';
import type { GenerateStreamHandle } from '@/lib/stream/client';
import { inkling } from '@/lib/stream/runtime-client';
import { createFrameBatcher } from '@/lib/ui/frame-batcher';
import { useSettings } from './use-settings';

/** One conversation in the panel: its turns, the answer streaming now, and how to stop it. */
export function useChat() {
  const [turns, setTurns] = useState<Turn[]>([]);
  const [conversationId, setConversationId] = useState(() => crypto.randomUUID());
  const { sampling } = useSettings();
  const active = useRef<{ stop(): void } | undefined>(undefined);
  const last = turns.at(-1);
  const streaming = last?.role === 'assistant' && last.status === 'streaming';

  async function send(question: string): Promise<boolean> {
    if (!question.trim() || streaming) return false;
    const messages = toRequestMessages(turns, question);
    const answerId = crypto.randomUUID();
    setTurns((current) => [
      ...current,
      { id: crypto.randomUUID(), role: 'user', text: question },
      { id: answerId, role: 'assistant', text: '', status: 'streaming' },
    ]);
    const update = (change: (turn: AssistantTurn) => Partial<AssistantTurn>) =>
      setTurns((current) =>
        current.map((turn) => (turn.id === answerId && turn.role === 'assistant' ? { ...turn, ...change(turn) } : turn)),
      );
    const batcher = createFrameBatcher((text) => update((turn) => ({ text: turn.text + text })));
    let handle: GenerateStreamHandle | undefined;
    let stopped = false;
    const current = {
      stop() {
        // The panel shows the stop at once; the metrics follow when the background confirms.
        stopped = true;
        handle?.cancel();
        batcher.flush();
        update(() => ({ status: 'stopped' }));
      },
    };
    active.current = current;
    try {
      handle = await inkling.generateStream(messages, { conversationId, ...sampling });
      if (stopped) handle.cancel();
      for await (const delta of handle.stream) batcher.push(delta);
      const result = await handle.result;
      batcher.flush();
      update(() => ({ text: result.text, status: result.finishReason === 'cancelled' ? 'stopped' : 'done', result }));
    } catch (error) {
      batcher.flush();
      update(() => ({ status: 'failed', error: error instanceof Error ? error.message : String(error) }));
    } finally {
      if (active.current === current) active.current = undefined;
    }
    return true;
  }

  function stop() {
    active.current?.stop();
  }

  function newChat() {
    stop();
    setTurns([]);
    setConversationId(crypto.randomUUID());
  }

  return { turns, streaming, send, stop, newChat };
}
