import { errorMessage, InklingError } from '../contracts/errors';
import { formatBytes } from '../ui/format-bytes';

/**
 * Downloaded GGUF models, kept in the extension's Cache Storage (shared by the offscreen document,
 * the options page and the service worker, and cleared only by the user or by removing Inkling).
 */
const CACHE_NAME = 'inkling-models';
const GGUF_MAGIC = 'GGUF';

export interface CachedModel {
  url: string;
  bytes: number;
  savedAt: string;
}

export interface DownloadProgress {
  loadedBytes: number;
  totalBytes?: number;
}

export async function isCached(url: string): Promise<boolean> {
  const cache = await caches.open(CACHE_NAME);
  return (await cache.match(url)) !== undefined;
}

export async function cachedModel(url: string): Promise<Blob | undefined> {
  const cache = await caches.open(CACHE_NAME);
  return (await cache.match(url))?.blob();
}

export async function listCached(): Promise<CachedModel[]> {
  const cache = await caches.open(CACHE_NAME);
  const requests = await cache.keys();
  return Promise.all(
    requests.map(async (request) => {
      const response = await cache.match(request);
      return {
        url: request.url,
        // A server that gave no length: the stored body knows it (a Blob's size reads no data).
        bytes: Number(response?.headers.get('content-length')) || ((await response?.blob())?.size ?? 0),
        savedAt: response?.headers.get('x-inkling-saved-at') ?? '',
      };
    }),
  );
}

export async function deleteCached(url: string): Promise<boolean> {
  const cache = await caches.open(CACHE_NAME);
  return cache.delete(url);
}

/**
 * Fetches a model into the cache, reporting bytes as they arrive. The body streams straight into
 * Cache Storage, so a 2 GB model is never held in memory. Nothing is kept unless the whole file
 * arrived and begins like a GGUF file; a cancelled or failed download leaves no trace.
 */
export async function downloadModel(
  url: string,
  onProgress: (progress: DownloadProgress) => void,
  signal: AbortSignal,
): Promise<void> {
  const host = new URL(url).host;
  let response: Response;
  try {
    response = await fetch(url, { signal, cache: 'no-store' });
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    throw new InklingError(
      'engine-failed',
      `Could not reach ${host} to download the model (${errorMessage(error)}). Check the address and your connection.`,
    );
  }
  if (!response.ok || !response.body) {
    throw new InklingError(
      'engine-failed',
      `${host} answered ${response.status} ${response.statusText} for the model address.`,
    );
  }
  const total = Number(response.headers.get('content-length')) || undefined;
  let loaded = 0;
  let head = '';
  // What the checks below found wrong, as opposed to the network or the disk.
  let refusal: InklingError | undefined;
  const refuse = (controller: TransformStreamDefaultController, error: InklingError) => {
    refusal = error;
    controller.error(error);
  };
  const checked = response.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        if (head.length < GGUF_MAGIC.length) {
          head += String.fromCharCode(...chunk.subarray(0, GGUF_MAGIC.length - head.length));
          if (head.length === GGUF_MAGIC.length && head !== GGUF_MAGIC) {
            return refuse(
              controller,
              new InklingError(
                'engine-failed',
                `The file at ${url} is not a GGUF model. Give the address of a .gguf file.`,
              ),
            );
          }
        }
        loaded += chunk.byteLength;
        onProgress({ loadedBytes: loaded, totalBytes: total });
        controller.enqueue(chunk);
      },
      flush(controller) {
        if (head !== GGUF_MAGIC) {
          refuse(
            controller,
            new InklingError(
              'engine-failed',
              `The file at ${url} is not a GGUF model. Give the address of a .gguf file.`,
            ),
          );
        } else if (total !== undefined && loaded !== total) {
          refuse(
            controller,
            new InklingError(
              'engine-failed',
              `The download from ${host} ended early: ${formatBytes(loaded)} of ${formatBytes(total)}. Try again.`,
            ),
          );
        }
      },
    }),
  );
  const headers: Record<string, string> = {
    'x-inkling-saved-at': new Date().toISOString(),
    ...(total && { 'content-length': String(total) }),
  };
  const cache = await caches.open(CACHE_NAME);
  try {
    await cache.put(url, new Response(checked, { headers }));
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    if (refusal) throw refusal;
    if ((error as Error).name === 'QuotaExceededError') {
      throw new InklingError(
        'engine-failed',
        `There is not enough free disk space to keep the model (${formatBytes(total ?? loaded)}). ` +
          `Free some space, or delete other models in Inkling's options.`,
      );
    }
    throw new InklingError(
      'engine-failed',
      `The download from ${host} broke off after ${formatBytes(loaded)} (${errorMessage(error)}). Try again.`,
    );
  }
}
