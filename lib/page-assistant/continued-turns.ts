import type { GenerationResult } from '../contracts/result';
import type { AssistantTurn, Turn } from '../contracts/turns';
import { randomId } from './ids';

/** The card's question and answer as turns of a side-panel conversation, as far as it was shown. */
export function continuedTurns(
  question: string,
  answer: { shown: string; status: AssistantTurn['status']; result?: GenerationResult; error?: string },
): Turn[] {
  const answerTurn: Turn = {
    id: randomId(),
    role: 'assistant',
    text: answer.shown,
    status: answer.status,
    ...(answer.result && { result: { ...answer.result, text: answer.shown } }),
    ...(answer.error !== undefined && { error: answer.error }),
  };
  return [{ id: randomId(), role: 'user', text: question }, answerTurn];
}
