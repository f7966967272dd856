import type { ServerMessage } from '../contracts/protocol';

/** What a running answer tells those who watch it: its messages, each watcher's request id added. */
export type LiveEvent = ServerMessage extends infer Message
  ? Message extends { type: 'progress' | 'delta' | 'done' | 'error' }
    ? Omit<Message, 'id'>
    : never
  : never;

type Listener = (event: LiveEvent) => void;

interface LiveAnswer {
  text: string;
  progress?: string;
  listeners: Set<Listener>;
  stop(): void;
}

/**
 * Answers that the background runs on its own (a context-menu task), by conversation: they go on
 * when the panel that showed them closes, and a panel that opens the conversation again watches
 * them from where they are: the progress line and the text so far, then what follows.
 */
export function createLiveAnswers() {
  const answers = new Map<string, LiveAnswer>();

  return {
    /** Registers the answer being written into `conversationId`; returns where its events go. */
    begin(conversationId: string, stop: () => void): (event: LiveEvent) => void {
      const answer: LiveAnswer = { text: '', listeners: new Set(), stop };
      answers.set(conversationId, answer);
      return (event) => {
        if (event.type === 'delta') {
          answer.text += event.text;
          answer.progress = undefined;
        } else if (event.type === 'progress') {
          answer.progress = event.text;
        } else if (answers.get(conversationId) === answer) {
          answers.delete(conversationId);
        }
        for (const listener of [...answer.listeners]) listener(event);
      };
    },

    /**
     * Watches the answer running in `conversationId`: the events so far come at once. Undefined when
     * none runs there. The returned function stops watching; the answer goes on.
     */
    watch(conversationId: string, listener: Listener): (() => void) | undefined {
      const answer = answers.get(conversationId);
      if (!answer) return undefined;
      if (answer.progress !== undefined) listener({ type: 'progress', text: answer.progress });
      if (answer.text) listener({ type: 'delta', text: answer.text });
      answer.listeners.add(listener);
      return () => answer.listeners.delete(listener);
    },

    /** Stop, from any panel that shows it. */
    stop(conversationId: string): boolean {
      const answer = answers.get(conversationId);
      answer?.stop();
      return answer !== undefined;
    },
  };
}

export type LiveAnswers = ReturnType<typeof createLiveAnswers>;
