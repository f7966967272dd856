import { createParser, type EventSourceMessage } from 'eventsource-parser';

/**
 * The two ways servers stream an answer, read from the response body's byte chunks wherever they split:
 * Server-Sent Events (OpenAI-compatible servers) and newline-delimited JSON (Ollama's own API).
 */

/** The events of an SSE body; comments and keep-alive lines are skipped by the parser. */
export async function* sseEvents(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<EventSourceMessage, void> {
  const ready: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (event) => ready.push(event) });
  const decoder = new TextDecoder();
  for await (const chunk of chunks) {
    parser.feed(decoder.decode(chunk, { stream: true }));
    if (ready.length > 0) yield* ready.splice(0);
  }
  // A last event without its blank line is still an event the server meant to send.
  parser.feed(`${decoder.decode()}\n\n`);
  yield* ready.splice(0);
}

/** The JSON values of an NDJSON body, one a line; blank lines are keep-alives. */
export async function* ndjsonValues(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<unknown, void> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of chunks) {
    buffer += decoder.decode(chunk, { stream: true });
    let newline = buffer.indexOf('\n');
    while (newline !== -1) {
      const line = buffer.slice(0, newline).trim();
      buffer = buffer.slice(newline + 1);
      if (line) yield parseJson(line);
      newline = buffer.indexOf('\n');
    }
  }
  const rest = (buffer + decoder.decode()).trim();
  if (rest) yield parseJson(rest);
}

export class MalformedStreamError extends Error {
  override name = 'MalformedStreamError';
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new MalformedStreamError(`The server sent something that is not JSON: ${text.slice(0, 80)}`);
  }
}

export interface ChunkOptions {
  signal: AbortSignal;
  /** Longest wait for the next chunk before the stream counts as stalled. */
  stallMs: number;
  setTimer?: (run: () => void, ms: number) => () => void;
}

export class StalledStreamError extends Error {
  override name = 'StalledStreamError';
  constructor(readonly stallMs: number) {
    super(`Nothing came for ${Math.round(stallMs / 1000)} s.`);
  }
}

const realTimer = (run: () => void, ms: number) => {
  const timer = setTimeout(run, ms);
  return () => clearTimeout(timer);
};

/**
 * The body's chunks; a wait longer than `stallMs` throws StalledStreamError. Leaving the loop, an
 * abort or a stall cancels the body, which closes the request so the server stops generating.
 */
export async function* bodyChunks(
  body: ReadableStream<Uint8Array>,
  { signal, stallMs, setTimer = realTimer }: ChunkOptions,
): AsyncGenerator<Uint8Array, void> {
  const reader = body.getReader();
  const onAbort = () => void reader.cancel(signal.reason).catch(() => {});
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    for (;;) {
      let clear = () => {};
      const stalled = new Promise<never>((_, reject) => {
        clear = setTimer(() => reject(new StalledStreamError(stallMs)), stallMs);
      });
      const step = await Promise.race([reader.read(), stalled]).finally(clear);
      if (step.done) return;
      yield step.value;
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
    await reader.cancel().catch(() => {});
  }
}
