import { InklingError } from '../contracts/errors';
import { formatBytes } from '../ui/format-bytes';

export interface ModelBodyOptions {
  signal: AbortSignal;
  /** No byte for this long (waiting for the server's answer too) ends the download. */
  stallMs: number;
  /** Reported as each chunk arrives, with the bytes received so far. */
  onBytes(loadedBytes: number): void;
  fetch?: typeof fetch;
  /** Times a broken connection is resumed without a byte arriving in between. */
  maxResumes?: number;
}

export interface ModelBody {
  /** From a successful answer only: an error page's length is not the model's. */
  totalBytes?: number;
  body: ReadableStream<Uint8Array>;
}

/**
 * The body of a model file that survives a bad network: a server that sends nothing for `stallMs`
 * ends it with a plain error, and a connection that breaks is resumed with a `Range` request from
 * the byte where it broke, where the server allows it (`If-Range` keeps a changed file from being
 * spliced onto the old one). Every failure is an InklingError in plain words.
 */
export async function openModelBody(url: string, options: ModelBodyOptions): Promise<ModelBody> {
  const { signal, stallMs, onBytes, fetch: fetchImpl = fetch, maxResumes = 5 } = options;
  const host = new URL(url).host;
  const stall = new AbortController();
  let stallTimer: ReturnType<typeof setTimeout> | undefined;
  const stallError = new InklingError(
    'engine-failed',
    `${host} sent nothing for ${Math.round(stallMs / 1000)} seconds, so the download was stopped. ` +
      'Check your connection and try again.',
  );
  const watchStall = () => {
    clearTimeout(stallTimer);
    stallTimer = setTimeout(() => stall.abort(stallError), stallMs);
  };
  const stopWatching = () => clearTimeout(stallTimer);
  const both = AbortSignal.any([signal, stall.signal]);
  /** The error to give for `error`, seen while fetching or reading. */
  const explain = (error: unknown, what: string): unknown => {
    if (signal.aborted) return signal.reason;
    if (stall.signal.aborted) return stallError;
    if (error instanceof InklingError) return error;
    return new InklingError('engine-failed', what);
  };

  watchStall();
  let response: Response;
  try {
    response = await fetchImpl(url, { signal: both, cache: 'no-store' });
  } catch (error) {
    stopWatching();
    throw explain(error, `Could not reach ${host} to download the model. Check the address and your connection.`);
  }
  if (!response.ok || !response.body) {
    stopWatching();
    throw new InklingError(
      'engine-failed',
      `${host} answered ${response.status} ${response.statusText} for the model address, not the model. ` +
        'Check the address.',
    );
  }
  const totalBytes = Number(response.headers.get('content-length')) || undefined;
  const validator = response.headers.get('etag') ?? response.headers.get('last-modified');
  let reader: ReadableStreamDefaultReader<Uint8Array> = response.body.getReader();
  let loaded = 0;
  let resumes = 0;
  const brokeOff = () =>
    new InklingError(
      'engine-failed',
      `The download from ${host} broke off after ${formatBytes(loaded)}` +
        `${totalBytes ? ` of ${formatBytes(totalBytes)}` : ''}. Try again.`,
    );

  /** Asks for the rest from the byte where the connection broke; undefined when the server cannot. */
  const resume = async (): Promise<ReadableStreamDefaultReader<Uint8Array> | undefined> => {
    const headers: Record<string, string> = { Range: `bytes=${loaded}-` };
    if (validator) headers['If-Range'] = validator;
    const rest = await fetchImpl(url, { signal: both, cache: 'no-store', headers });
    const range = rest.headers.get('content-range');
    if (rest.status !== 206 || !rest.body || (range && !range.startsWith(`bytes ${loaded}-`))) {
      await rest.body?.cancel().catch(() => {});
      return undefined;
    }
    return rest.body.getReader();
  };

  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      for (;;) {
        try {
          const step = await reader.read();
          if (step.done) {
            stopWatching();
            controller.close();
            return;
          }
          watchStall();
          resumes = 0;
          loaded += step.value.byteLength;
          onBytes(loaded);
          controller.enqueue(step.value);
          return;
        } catch (error) {
          if (signal.aborted || stall.signal.aborted || resumes >= maxResumes) {
            stopWatching();
            controller.error(explain(error, brokeOff().message));
            return;
          }
          resumes++;
          const next = await resume().catch(() => undefined);
          if (!next) {
            stopWatching();
            controller.error(explain(error, brokeOff().message));
            return;
          }
          reader = next;
        }
      }
    },
    async cancel(reason) {
      stopWatching();
      await reader.cancel(reason).catch(() => {});
    },
  });
  return { ...(totalBytes && { totalBytes }), body };
}
