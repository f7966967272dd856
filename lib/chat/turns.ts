import type { ChatMessage } from '../contracts/engine';
import type { Turn } from '../contracts/turns';

/**
 * What the engine is sent for the next answer: the system prompt, then every turn the user saw.
 * A stopped answer counts as far as it got; a failed turn and its question are left out, so that a
 * retry does not send the question twice.
 */
export function toRequestMessages(turns: readonly Turn[], nextQuestion: string, systemPrompt?: string): ChatMessage[] {
  const messages: ChatMessage[] = systemPrompt ? [{ role: 'system', content: systemPrompt }] : [];
  turns.forEach((turn, index) => {
    if (turn.role === 'assistant') {
      if (turn.status !== 'failed' && turn.text) messages.push({ role: 'assistant', content: turn.text });
      return;
    }
    const answer = turns[index + 1];
    if (answer?.role === 'assistant' && (answer.status === 'failed' || !answer.text)) return;
    messages.push({ role: 'user', content: turn.brief ?? turn.text });
  });
  messages.push({ role: 'user', content: nextQuestion });
  return messages;
}
