import { useEffect, useState } from 'preact/hooks';
import { DEFAULT_SETTINGS, type Settings } from '@/lib/settings/settings';
import { loadSettings, watchSettings } from '@/lib/settings/settings-item';

/** The settings, kept current while the panel is open. */
export function useSettings(): Settings {
  const [settings, setSettings] = useState(DEFAULT_SETTINGS);
  useEffect(() => {
    void loadSettings().then(setSettings);
    return watchSettings(setSettings);
  }, []);
  return settings;
}
