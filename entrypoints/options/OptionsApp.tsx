import { useEffect, useState } from 'preact/hooks';
import { DEFAULT_SETTINGS, type Settings } from '@/lib/settings/settings';
import { loadSettings, saveSettings } from '@/lib/settings/settings-item';
import { EngineSettings } from './EngineSettings';
import { ModelCacheList } from './ModelCacheList';
import { SamplingSettings } from './SamplingSettings';

export function OptionsApp() {
  const [settings, setSettings] = useState<Settings>();
  const [saved, setSaved] = useState<string>();

  useEffect(() => {
    void loadSettings().then(setSettings);
  }, []);

  if (!settings) return <main class="options">Loading…</main>;

  const save = async (next: Settings) => {
    await saveSettings(next);
    setSettings(next);
    setSaved('Saved. Open panels use it from their next message.');
  };

  return (
    <main class="options">
      <h1>Inkling options</h1>
      {saved && (
        <p class="saved" role="status">
          {saved}
        </p>
      )}
      <EngineSettings settings={settings} onSave={save} />
      <SamplingSettings settings={settings} onSave={save} />
      <ModelCacheList />
      <section>
        <h2>Keyboard shortcuts</h2>
        <button type="button" class="quiet" onClick={() => void browser.tabs.create({ url: 'chrome://extensions/shortcuts' })}>
          Open the browser’s shortcut settings
        </button>
      </section>
      <section>
        <button type="button" class="quiet" onClick={() => void save(DEFAULT_SETTINGS)}>
          Restore all defaults
        </button>
      </section>
    </main>
  );
}
