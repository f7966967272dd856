import type { AssistantTurn, UserTurn } from '../../lib/contracts/turns';

let nextTurn = 0;

/** A question with an id no other turn of the test run has. */
export const user = (text: string): UserTurn => ({ id: `u${nextTurn++}`, role: 'user', text });

/** An answer, finished unless told otherwise, with an id no other turn of the test run has. */
export const answer = (
  text: string,
  status: AssistantTurn['status'] = 'done',
  extra: Partial<AssistantTurn> = {},
): AssistantTurn => ({
  id: `a${nextTurn++}`,
  role: 'assistant',
  text,
  status,
  ...extra,
});
