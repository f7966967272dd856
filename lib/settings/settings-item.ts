import { storage } from '@wxt-dev/storage';
import { DEFAULT_SETTINGS, migrateToVersion2, readSettings, type Settings } from './settings';

/** The settings in `chrome.storage.local`: typed, versioned, read back through validation. */
const item = storage.defineItem<Settings>('local:settings', {
  fallback: DEFAULT_SETTINGS,
  version: 2,
  migrations: {
    2: migrateToVersion2,
  },
});

export async function loadSettings(): Promise<Settings> {
  return readSettings(await item.getValue());
}

export async function saveSettings(settings: Settings): Promise<void> {
  await item.setValue(settings);
}

export function watchSettings(listener: (settings: Settings) => void): () => void {
  return item.watch((value) => listener(readSettings(value)));
}
