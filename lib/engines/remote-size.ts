import { catalogueModel } from '../settings/cpu-catalogue';
import { modelParts } from './model-parts';

/**
 * A model's size before it is downloaded: its model card's for a catalogue model, else what its
 * server says, summing a split model's parts; asked once per address.
 */
export function createRemoteSizes() {
  const sizes = new Map<string, number | undefined>();
  return async (url: string): Promise<number | undefined> => {
    const known = catalogueModel(url)?.approximateBytes;
    if (known) return known;
    if (!sizes.has(url)) {
      const parts = await Promise.all(modelParts(url).map(headSize));
      sizes.set(url, parts.includes(undefined) ? undefined : parts.reduce((sum = 0, size) => sum + size!, 0));
    }
    return sizes.get(url);
  };
}

/** A size is the model's only from a successful answer that is not a web page (an error page's is not). */
async function headSize(url: string): Promise<number | undefined> {
  const response = await fetch(url, { method: 'HEAD', signal: AbortSignal.timeout(5_000) }).catch(() => undefined);
  if (!response?.ok || /^text\//i.test(response.headers.get('content-type') ?? '')) return undefined;
  return Number(response.headers.get('content-length')) || undefined;
}
