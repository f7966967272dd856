import { storage } from '@wxt-dev/storage';

/**
 * The server's API key, in `chrome.storage.local` (never synced) and apart from the settings. It is
 * bound to the origin it was given for: a key is only ever handed out for that origin, so a changed
 * address cannot carry it to another server.
 */
const item = storage.defineItem<{ origin: string; key: string } | null>('local:serverApiKey', { fallback: null });

export async function loadServerKey(origin: string): Promise<string | undefined> {
  const stored = await item.getValue();
  return stored?.origin === origin ? stored.key : undefined;
}

export async function saveServerKey(origin: string, key: string): Promise<void> {
  await item.setValue({ origin, key });
}

export async function forgetServerKey(): Promise<void> {
  await item.removeValue();
}

export function watchServerKey(listener: () => void): () => void {
  return item.watch(() => listener());
}

/** What the options page shows of a saved key: never the key itself. */
export function maskKey(key: string): string {
  return key.length >= 12 ? `••••${key.slice(-4)}` : '••••';
}
