import { InklingError } from '../contracts/errors';
import { formatBytes } from '../ui/format-bytes';
import { checkGguf } from './gguf-check';
import { openModelBody } from './model-download';
import { modelParts } from './model-parts';

/**
 * Downloaded GGUF models, kept in the extension's Cache Storage (shared by the offscreen document,
 * the options page and the service worker, and cleared only by the user or by removing Inkling).
 * A model split in parts is kept as its parts, each under its own address.
 */
const CACHE_NAME = 'inkling-models';
const NAME_HEADER = 'x-inkling-name';

/** How long a download may go without a byte before it is given up. */
export const DEFAULT_STALL_MS = 30_000;

export interface CachedModel {
  url: string;
  bytes: number;
  savedAt: string;
  /** The name it was downloaded under, for files downloaded since names were kept. */
  name?: string;
}

export interface DownloadProgress {
  loadedBytes: number;
  totalBytes?: number;
  /** For a model in parts: which one is downloading, from 1. */
  part?: number;
  parts?: number;
}

export async function isCached(url: string): Promise<boolean> {
  const cache = await caches.open(CACHE_NAME);
  const found = await Promise.all(modelParts(url).map((part) => cache.match(part)));
  return found.every((response) => response !== undefined);
}

/** The model's files in order (one, or each part of a split model); undefined unless all are kept. */
export async function cachedModel(url: string): Promise<Blob[] | undefined> {
  const cache = await caches.open(CACHE_NAME);
  const found = await Promise.all(modelParts(url).map((part) => cache.match(part)));
  if (found.some((response) => response === undefined)) return undefined;
  return Promise.all(found.map((response) => response!.blob()));
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
        ...(response?.headers.has(NAME_HEADER) && { name: decodeURIComponent(response.headers.get(NAME_HEADER)!) }),
      };
    }),
  );
}

/** Whole models, one entry each (a split model's under its first part's address), for choosing one. */
export async function listModels(): Promise<CachedModel[]> {
  const files = await listCached();
  const byUrl = new Map(files.map((file) => [file.url, file]));
  return files.flatMap((file) => {
    const parts = modelParts(file.url).map((part) => byUrl.get(part));
    if (parts[0] !== file || parts.includes(undefined)) return [];
    return [{ ...file, bytes: parts.reduce((sum, part) => sum + part!.bytes, 0) }];
  });
}

/** Deletes the model, every part of it. */
export async function deleteCached(url: string): Promise<boolean> {
  const cache = await caches.open(CACHE_NAME);
  const deleted = await Promise.all(modelParts(url).map((part) => cache.delete(part)));
  return deleted.some(Boolean);
}

/**
 * Fetches a model into the cache, reporting bytes as they arrive: each part in turn for a split
 * model. The body streams straight into Cache Storage, so a 2 GB model is never held in memory.
 * Nothing is kept unless the whole model arrived, every file a GGUF as long as its header declares
 * (and as the server said); a cancelled, stalled or failed download leaves no trace.
 */
export async function downloadModel(
  url: string,
  onProgress: (progress: DownloadProgress) => void,
  signal: AbortSignal,
  { stallMs = DEFAULT_STALL_MS, name }: { stallMs?: number; name?: string } = {},
): Promise<void> {
  const parts = modelParts(url);
  try {
    for (const [index, part] of parts.entries()) {
      const which = parts.length > 1 ? { part: index + 1, parts: parts.length } : {};
      // Only the first part says how many there are; the others say nothing of it.
      const checkParts = index === 0 ? parts.length : undefined;
      await downloadFile(part, (progress) => onProgress({ ...progress, ...which }), signal, {
        stallMs,
        name,
        checkParts,
      });
    }
  } catch (error) {
    await deleteCached(url).catch(() => {});
    throw error;
  }
}

async function downloadFile(
  url: string,
  onProgress: (progress: DownloadProgress) => void,
  signal: AbortSignal,
  { stallMs, name, checkParts }: { stallMs: number; name?: string | undefined; checkParts: number | undefined },
): Promise<void> {
  const host = new URL(url).host;
  let total: number | undefined;
  const { totalBytes, body } = await openModelBody(url, {
    signal,
    stallMs,
    onBytes: (loadedBytes) => onProgress({ loadedBytes, ...(total && { totalBytes: total }) }),
  });
  total = totalBytes;
  const check = checkGguf(url, total, { parts: checkParts });
  const headers: Record<string, string> = { 'x-inkling-saved-at': new Date().toISOString() };
  // Header values are Latin-1: a name in any script is kept escaped.
  if (name) headers[NAME_HEADER] = encodeURIComponent(name);
  if (total) headers['content-length'] = String(total);
  const cache = await caches.open(CACHE_NAME);
  try {
    await cache.put(url, new Response(body.pipeThrough(check.stream), { headers }));
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    const failure = check.failure() ?? (error instanceof InklingError ? error : undefined);
    if (failure) throw failure;
    if ((error as Error).name === 'QuotaExceededError') {
      throw new InklingError(
        'engine-failed',
        `There is not enough free disk space to keep the model (${formatBytes(total ?? check.loadedBytes())}). ` +
          `Free some space, or delete other models in Inkling's options.`,
      );
    }
    throw new InklingError(
      'engine-failed',
      `The download from ${host} broke off after ${formatBytes(check.loadedBytes())}. Try again.`,
    );
  }
}
