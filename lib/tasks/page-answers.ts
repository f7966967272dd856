import { errorMessage } from '../contracts/errors';
import type { GenerationResult } from '../contracts/result';
import type { AssistantTurn, Turn } from '../contracts/turns';

/** An answer the background wrote for a page's card, as far as it went. */
interface PageAnswer {
  question: string;
  title: string;
  text: string;
  status: AssistantTurn['status'];
  result?: GenerationResult;
  error?: string;
}

/** A tab keeps its last few answers: enough for the card on screen, little memory. */
const ANSWERS_PER_TAB = 4;

/**
 * The answers the background wrote for pages' cards, by tab, so that "Continue in side panel"
 * names one and the background writes the conversation from its own record: a content script never
 * writes conversations, and cannot put words in the user's history.
 */
export function createPageAnswers(newId: () => string = () => crypto.randomUUID()) {
  const byTab = new Map<number, Map<string, PageAnswer>>();

  return {
    /** Records the answer to `question` for `tabId`; returns its id and what updates it. */
    begin(tabId: number, prepared: { question: string; title: string }) {
      const id = newId();
      const answers = byTab.get(tabId) ?? new Map<string, PageAnswer>();
      byTab.set(tabId, answers);
      const answer: PageAnswer = { ...prepared, text: '', status: 'streaming' };
      answers.set(id, answer);
      for (const old of [...answers.keys()].slice(0, -ANSWERS_PER_TAB)) answers.delete(old);
      return {
        id,
        delta(text: string) {
          answer.text += text;
        },
        done(result: GenerationResult) {
          Object.assign(answer, { status: result.finishReason === 'cancelled' ? 'stopped' : 'done', result });
        },
        failed(error: unknown) {
          Object.assign(answer, { status: 'failed', error: errorMessage(error) });
        },
      };
    },

    /**
     * The answer's question and answer as a conversation's turns, if the tab still has it. A stopped
     * answer goes over as far as the card showed it (`shownChars`): deltas in flight at Stop are not.
     */
    turns(
      tabId: number,
      id: string,
      shownChars = Number.POSITIVE_INFINITY,
    ): { title: string; turns: Turn[] } | undefined {
      const answer = byTab.get(tabId)?.get(id);
      if (!answer) return undefined;
      const { question, title, status, result, error } = answer;
      const text = status === 'done' ? answer.text : answer.text.slice(0, shownChars);
      const reply: AssistantTurn = {
        id: newId(),
        role: 'assistant',
        text,
        // Still being written: it goes over as far as it got.
        status: status === 'streaming' ? 'stopped' : status,
        ...(result && { result }),
        ...(error !== undefined && { error }),
      };
      return { title, turns: [{ id: newId(), role: 'user', text: question }, reply] };
    },

    /** The tab closed or went to another page. */
    forget(tabId: number) {
      byTab.delete(tabId);
    },
  };
}

export type PageAnswers = ReturnType<typeof createPageAnswers>;
