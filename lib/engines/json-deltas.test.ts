import { describe, expect, test } from 'vitest';
import type { EngineFinish } from '../contracts/engine';
import { jsonAsQuotedText } from './json-deltas';

async function* engine(chunks: string[], finish: EngineFinish, log: string[] = []) {
  try {
    for (const chunk of chunks) yield chunk;
    return finish;
  } finally {
    log.push('engine freed');
  }
}

async function read(stream: AsyncGenerator<string, EngineFinish, undefined>) {
  const deltas: string[] = [];
  for (;;) {
    const step = await stream.next();
    if (step.done) return { deltas, finish: step.value };
    deltas.push(step.value);
  }
}

describe('jsonAsQuotedText', () => {
  const JSON_ANSWER = [
    '{"answer": "Tea is ',
    'a drink.\\nHot.", "quo',
    'tes": [{"text": "Tea is aromatic", "page": 2}]}',
  ];

  test('streams the answer as it comes, then its quotes in the text format', async () => {
    const { deltas, finish } = await read(jsonAsQuotedText(engine(JSON_ANSWER, { finishReason: 'stop' })));
    expect(deltas.slice(0, 2)).toEqual(['Tea is ', 'a drink.\nHot.']);
    expect(deltas.join('')).toBe('Tea is a drink.\nHot.\n\nQuotes:\n[1] "Tea is aromatic" (page 2)');
    expect(finish).toEqual({ finishReason: 'stop' });
  });

  test('an answer cut at the token limit keeps its text and claims no quotes', async () => {
    const cut = ['{"answer": "Tea is a dri'];
    const { deltas, finish } = await read(jsonAsQuotedText(engine(cut, { finishReason: 'length' })));
    expect(deltas.join('')).toBe('Tea is a dri');
    expect(finish.finishReason).toBe('length');
  });

  test('an answer that is not JSON goes on as it is', async () => {
    const text = [' ', 'Tea is a drink.', '\n\nQuotes:\n[1] "Tea" (page 1)'];
    const { deltas } = await read(jsonAsQuotedText(engine(text, { finishReason: 'stop' })));
    expect(deltas.join('')).toBe(text.join(''));
  });

  test('leaving early frees the engine', async () => {
    const log: string[] = [];
    const stream = jsonAsQuotedText(engine(JSON_ANSWER, { finishReason: 'stop' }, log));
    expect((await stream.next()).value).toBe('Tea is ');
    await stream.return({ finishReason: 'cancelled' });
    expect(log).toEqual(['engine freed']);
  });
});
