import type { EngineFinish } from '../contracts/engine';
import { createJsonAnswerReader } from '../context/json-answer';

/**
 * An engine's answer under the quoted-answer JSON schema, given on as the text format the rest of
 * Inkling reads (lib/context/quoted-answer.ts): the answer's text as it streams, then, once the
 * JSON is whole, its quotes. An answer that is not JSON (the engine could not apply the schema)
 * goes on as it is. Stopping this stops the engine's own stream.
 */
export async function* jsonAsQuotedText(
  answer: AsyncGenerator<string, EngineFinish, undefined>,
): AsyncGenerator<string, EngineFinish, undefined> {
  const json = createJsonAnswerReader();
  /** Whether the answer is JSON, once its first visible character says. */
  let isJson: boolean | undefined;
  let start = '';
  let step = await answer.next();
  try {
    while (!step.done) {
      let text = step.value;
      if (isJson === undefined) {
        start += text;
        const first = start.trimStart()[0];
        if (first !== undefined) isJson = first === '{';
        text = first === undefined ? '' : start;
      }
      const shown = isJson ? json.push(text) : text;
      if (shown) yield shown;
      step = await answer.next();
    }
  } finally {
    // Left early (Stop, or the consumer went): the engine's finally frees it.
    if (!step.done) await answer.return({ finishReason: 'cancelled' });
  }
  // A cut answer's JSON is not whole: it has no quotes to give.
  const quotes = isJson && step.value.finishReason === 'stop' ? json.end() : '';
  if (quotes) yield quotes;
  return step.value;
}
