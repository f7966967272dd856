import { afterEach, describe, expect, it, vi } from 'vitest';
import { openModelBody } from './model-download';

const URL_ = 'http://127.0.0.1:9/model.gguf';
const bytes = (from: number, to: number) => Uint8Array.from({ length: to - from }, (_, index) => (from + index) % 256);

/** A body that sends `sent`, then breaks as a dropped connection does. */
const breaking = (sent: Uint8Array) => {
  let pulls = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulls++ === 0) controller.enqueue(sent);
      else controller.error(new TypeError('network error'));
    },
  });
};

async function readAll(body: ReadableStream<Uint8Array>): Promise<number[]> {
  const out: number[] = [];
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) out.push(...chunk);
  return out;
}

const options = (fetch: typeof globalThis.fetch, signal = new AbortController().signal) => ({
  signal,
  stallMs: 5_000,
  onBytes: () => {},
  fetch,
});

afterEach(() => vi.useRealTimers());

describe('a model download over a bad network', () => {
  it('resumes a broken connection from the byte where it broke, if the file is unchanged', async () => {
    const requests: (HeadersInit | undefined)[] = [];
    const fetch = vi.fn(async (_url: string | URL | Request, init?: RequestInit) => {
      requests.push(init?.headers);
      if (requests.length === 1) {
        return new Response(breaking(bytes(0, 100)), {
          headers: { 'content-length': '250', etag: '"v1"', 'accept-ranges': 'bytes' },
        });
      }
      return new Response(bytes(100, 250), { status: 206, headers: { 'content-range': 'bytes 100-249/250' } });
    });
    const { totalBytes, body } = await openModelBody(URL_, options(fetch as typeof globalThis.fetch));
    expect(totalBytes).toBe(250);
    expect(await readAll(body)).toEqual([...bytes(0, 250)]);
    expect(requests[1]).toEqual({ Range: 'bytes=100-', 'If-Range': '"v1"' });
  });

  it('a server that cannot resume (it sends the whole file again) ends it in plain words', async () => {
    let calls = 0;
    const fetch = async () =>
      ++calls === 1
        ? new Response(breaking(bytes(0, 100)), { headers: { 'content-length': '250' } })
        : new Response(bytes(0, 250));
    const { body } = await openModelBody(URL_, options(fetch as typeof globalThis.fetch));
    await expect(readAll(body)).rejects.toMatchObject({
      code: 'engine-failed',
      message: 'The download from 127.0.0.1:9 broke off after 100 bytes of 250 bytes. Try again.',
    });
  });

  it('a server that never answers is given up after the stall time, in plain words', async () => {
    vi.useFakeTimers();
    const fetch = (_url: string | URL | Request, init?: RequestInit) =>
      new Promise<Response>((_, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)));
    const opening = openModelBody(URL_, options(fetch as typeof globalThis.fetch));
    const failed = expect(opening).rejects.toMatchObject({
      message: expect.stringContaining('127.0.0.1:9 sent nothing for 5 seconds, so the download was stopped.'),
    });
    await vi.advanceTimersByTimeAsync(5_000);
    await failed;
  });

  it('an error page is not the model: its status is said, and no size is taken from it', async () => {
    const fetch = async () => new Response('not found', { status: 404, statusText: 'Not Found' });
    await expect(openModelBody(URL_, options(fetch as typeof globalThis.fetch))).rejects.toMatchObject({
      message: expect.stringContaining('127.0.0.1:9 answered 404 Not Found for the model address'),
    });
  });
});
