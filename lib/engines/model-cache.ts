import { InklingError } from '../errors';

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
        bytes: Number(response?.headers.get('content-length') ?? 0),
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
 * Fetches a model into the cache, reporting bytes as they arrive. Nothing is kept unless the whole
 * file arrived and begins like a GGUF file; a cancelled or failed download leaves no trace.
 */
export async function downloadModel(url: string, onProgress: (progress: DownloadProgress) => void, signal: AbortSignal): Promise<void> {
  const host = new URL(url).host;
  let response: Response;
  try {
    response = await fetch(url, { signal, cache: 'no-store' });
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    throw new InklingError('engine-failed', `Could not reach ${host} to download the model (${(error as Error).message}). Check the address and your connection.`);
  }
  if (!response.ok || !response.body) {
    throw new InklingError('engine-failed', `${host} answered ${response.status} ${response.statusText} for the model address.`);
  }
  const total = Number(response.headers.get('content-length')) || undefined;
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      loaded += value.byteLength;
      onProgress({ loadedBytes: loaded, totalBytes: total });
    }
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    throw new InklingError('engine-failed', `The download from ${host} broke off after ${formatBytes(loaded)} (${(error as Error).message}). Try again.`);
  }
  if (total !== undefined && loaded !== total) {
    throw new InklingError('engine-failed', `The download from ${host} ended early: ${formatBytes(loaded)} of ${formatBytes(total)}. Try again.`);
  }
  const blob = new Blob(chunks as BlobPart[], { type: 'application/octet-stream' });
  const magic = new TextDecoder().decode(await blob.slice(0, 4).arrayBuffer());
  if (magic !== GGUF_MAGIC) {
    throw new InklingError('engine-failed', `The file at ${url} is not a GGUF model. Give the address of a .gguf file.`);
  }
  const cache = await caches.open(CACHE_NAME);
  try {
    await cache.put(
      url,
      new Response(blob, {
        headers: { 'content-length': String(blob.size), 'x-inkling-saved-at': new Date().toISOString() },
      }),
    );
  } catch (error) {
    if ((error as Error).name !== 'QuotaExceededError') throw error;
    throw new InklingError('engine-failed', `There is not enough free disk space to keep the model (${formatBytes(blob.size)}). Free some space, or delete other models in Inkling's options.`);
  }
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(2)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  if (bytes >= 1e3) return `${(bytes / 1e3).toFixed(0)} kB`;
  return `${bytes} bytes`;
}
