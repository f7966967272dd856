import { describe, expect, test } from 'vitest';
import { ollamaDeltas } from './ollama-chat';
import { openAiDeltas } from './openai-chat';
import { ServerStreamError } from './protocol-types';
import { bodyChunks, ndjsonValues, sseEvents, StalledStreamError } from './stream-readers';

const bytes = (text: string) => new TextEncoder().encode(text);

/** Every way to cut `text` in two, plus one byte at a time: a reader must give the same answer for each. */
function splits(text: string): Uint8Array[][] {
  const all = bytes(text);
  const cuts: Uint8Array[][] = [];
  for (let at = 0; at <= all.length; at++) cuts.push([all.slice(0, at), all.slice(at)]);
  cuts.push([...all].map((byte) => Uint8Array.of(byte)));
  return cuts;
}

async function* from(chunks: Uint8Array[]) {
  yield* chunks;
}

async function readAll<T, R>(generator: AsyncGenerator<T, R, undefined>): Promise<{ items: T[]; result: R }> {
  const items: T[] = [];
  for (;;) {
    const step = await generator.next();
    if (step.done) return { items, result: step.value };
    items.push(step.value);
  }
}

const chunk = (content: string, finish: string | null = null) =>
  `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content }, finish_reason: finish }] })}\n\n`;

// llama.cpp's server and OpenAI as documented: a comment and a keep-alive, CRLF line ends, a usage chunk, [DONE].
const OPENAI_STREAM =
  ': keep-alive\n\n' +
  chunk('Hel') +
  'data: {"choices":[{"index":0,"delta":{"content":"lo, wörld 👋"},"finish_reason":null}]}\r\n\r\n' +
  ':\n\n' +
  chunk('', 'length') +
  'data: {"choices":[],"usage":{"prompt_tokens":7,"completion_tokens":3}}\n\n' +
  'data: [DONE]\n\n' +
  chunk('after the end');

describe('the SSE reader', () => {
  test('reads one answer however the bytes are cut; skips comments, keep-alives, what follows [DONE]', async () => {
    for (const cut of splits(OPENAI_STREAM)) {
      const { items, result } = await readAll(openAiDeltas(sseEvents(from(cut))));
      expect(items.join('')).toBe('Hello, wörld 👋');
      expect(result).toEqual({ finishReason: 'length', inputTokens: 7, outputTokens: 3 });
    }
  });

  test('an error event mid-stream throws the server’s words after the text before it', async () => {
    const text = `${chunk('Once')}event: error\ndata: {"error":{"message":"the model crashed"}}\n\n${chunk('never')}`;
    for (const cut of splits(text)) {
      const seen: string[] = [];
      const reading = (async () => {
        for await (const delta of openAiDeltas(sseEvents(from(cut)))) seen.push(delta);
      })();
      await expect(reading).rejects.toThrow(new ServerStreamError('the model crashed'));
      expect(seen.join('')).toBe('Once');
    }
  });

  test('an error object in a data line throws too', async () => {
    const text = `${chunk('A')}data: {"error":{"message":"context full","type":"exceed_context_size_error"}}\n\n`;
    await expect(readAll(openAiDeltas(sseEvents(from([bytes(text)]))))).rejects.toThrow('context full');
  });

  test('a stream that ends without [DONE] still ends with what it said', async () => {
    const { items, result } = await readAll(openAiDeltas(sseEvents(from([bytes(`${chunk('Hi', 'stop')}`)]))));
    expect(items).toEqual(['Hi']);
    expect(result).toEqual({ finishReason: 'stop' });
  });
});

const OLLAMA_STREAM =
  '{"model":"m","message":{"role":"assistant","content":"Hel"},"done":false}\n' +
  '\n' +
  '{"model":"m","message":{"role":"assistant","content":"lo, wörld 👋"},"done":false}\r\n' +
  '{"model":"m","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop",' +
  '"prompt_eval_count":12,"eval_count":4}';

describe('the NDJSON reader', () => {
  test('reads the same answer however the bytes are cut, blank keep-alive lines skipped', async () => {
    for (const cut of splits(OLLAMA_STREAM)) {
      const { items, result } = await readAll(ollamaDeltas(ndjsonValues(from(cut))));
      expect(items.join('')).toBe('Hello, wörld 👋');
      expect(result).toEqual({ finishReason: 'stop', inputTokens: 12, outputTokens: 4 });
    }
  });

  test('an error line mid-stream throws the server’s words', async () => {
    const text = '{"message":{"content":"So"},"done":false}\n{"error":"model runner has unexpectedly stopped"}\n';
    for (const cut of splits(text)) {
      await expect(readAll(ollamaDeltas(ndjsonValues(from(cut))))).rejects.toThrow(
        'model runner has unexpectedly stopped',
      );
    }
  });

  test('a stream cut before "done" is an error, not a finished answer', async () => {
    await expect(readAll(ollamaDeltas(ndjsonValues(from([bytes('{"message":{"content":"So"}}\n')]))))).rejects.toThrow(
      'ended before',
    );
  });
});

describe('the body reader', () => {
  function manualTimers() {
    const timers = new Set<() => void>();
    return {
      setTimer(run: () => void) {
        timers.add(run);
        return () => timers.delete(run);
      },
      fire: () => {
        for (const run of timers) run();
      },
      count: () => timers.size,
    };
  }

  test('a body that stalls throws StalledStreamError and is cancelled', async () => {
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      start: (controller) => controller.enqueue(bytes('first')),
      cancel: () => {
        cancelled = true;
      },
    });
    const timers = manualTimers();
    const chunks = bodyChunks(body, { signal: new AbortController().signal, stallMs: 30_000, ...timers });
    expect(new TextDecoder().decode((await chunks.next()).value as Uint8Array)).toBe('first');
    const next = chunks.next();
    await Promise.resolve();
    expect(timers.count()).toBe(1);
    timers.fire();
    await expect(next).rejects.toThrow(new StalledStreamError(30_000));
    expect(cancelled).toBe(true);
  });

  test('an abort cancels the body, which is what closes the request', async () => {
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      cancel: () => {
        cancelled = true;
      },
    });
    const abort = new AbortController();
    const chunks = bodyChunks(body, { signal: abort.signal, stallMs: 30_000, ...manualTimers() });
    const next = chunks.next();
    abort.abort();
    expect(await next).toEqual({ done: true, value: undefined });
    expect(cancelled).toBe(true);
  });
});
