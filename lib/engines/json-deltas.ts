import type { EngineFinish } from '../contracts/engine';
import { createStructuredAnswerReader } from '../context/json-answer';

/**
 * An engine's answer under the quoted-answer JSON schema, given on as the text format the rest of
 * Inkling reads (lib/context/quoted-answer.ts): the answer's text as it streams, then, once the
 * JSON is whole, its quotes. An answer that is not JSON (the engine could not apply the schema)
 * goes on as it is. Stopping this stops the engine's own stream.
 */
export async function* jsonAsQuotedText<Finish extends Pick<EngineFinish, 'finishReason'>>(
  answer: AsyncGenerator<string, Finish, undefined>,
): AsyncGenerator<string, Finish, undefined> {
  const reader = createStructuredAnswerReader();
  let step = await answer.next();
  try {
    while (!step.done) {
      const shown = reader.push(step.value);
      if (shown) yield shown;
      step = await answer.next();
    }
  } finally {
    // Left early (Stop, or the consumer went): the engine's finally frees it.
    // What return() is given comes back only to this caller, which has left.
    if (!step.done) await answer.return(undefined as never);
  }
  // A cut answer's JSON is not whole: it has no quotes to give.
  const quotes = step.value.finishReason === 'stop' ? reader.end() : '';
  if (quotes) yield quotes;
  return step.value;
}
