import { useEffect, useState } from 'preact/hooks';
import { DEFAULT_SETTINGS, type Settings } from '@/lib/settings/settings';
import { loadSettings, saveSettings } from '@/lib/settings/settings-item';
import { AssistantSettings } from './AssistantSettings';
import { CpuCatalogue } from './CpuCatalogue';
import { EngineSettings } from './EngineSettings';
import { QuickActionsSettings } from './QuickActionsSettings';
import { ModelCacheList } from './ModelCacheList';
import { SamplingSettings } from './SamplingSettings';
import { ServerSettings } from './ServerSettings';
import { dropServerAccess, originOf } from './server-permission';
import { forgetServerKey } from '@/lib/settings/server-key';
import { openShortcutSettings } from '@/lib/browser/browser-pages';

export function OptionsApp() {
  const [settings, setSettings] = useState<Settings>();
  const [saved, setSaved] = useState<string>();
  // Forms keep what is being typed; restoring the defaults starts them afresh.
  const [revision, setRevision] = useState(0);

  useEffect(() => {
    void loadSettings().then(setSettings);
  }, []);

  if (!settings) return <main class="options">Loading…</main>;

  const save = async (next: Settings) => {
    await saveSettings(next);
    setSettings(next);
    setSaved('Saved. Open panels use it from their next message.');
  };

  // The defaults have no server: the access to it and its key go with it.
  const restoreDefaults = async () => {
    const origin = settings.server && originOf(settings.server.address);
    if (origin) await dropServerAccess(origin);
    await forgetServerKey();
    await save(DEFAULT_SETTINGS);
  };

  return (
    <main class="options">
      <h1>Inkling options</h1>
      {saved && (
        <p class="saved" role="status">
          {saved}
        </p>
      )}
      <EngineSettings key={`engine-${revision}`} settings={settings} onSave={save} />
      <CpuCatalogue
        current={settings.cpuModel}
        // The engine form shows the chosen model at once.
        onChoose={(cpuModel) => save({ ...settings, cpuModel }).then(() => setRevision((current) => current + 1))}
      />
      <ServerSettings key={`server-${revision}`} settings={settings} onSave={save} />
      <SamplingSettings key={`sampling-${revision}`} settings={settings} onSave={save} />
      <AssistantSettings key={`assistant-${revision}`} settings={settings} onSave={save} />
      <QuickActionsSettings key={`actions-${revision}`} settings={settings} onSave={save} />
      <ModelCacheList />
      <section>
        <h2>Keyboard shortcuts</h2>
        <button type="button" class="quiet" onClick={() => void openShortcutSettings()}>
          Open the browser’s shortcut settings
        </button>
      </section>
      <section>
        <button
          type="button"
          class="quiet"
          onClick={() => void restoreDefaults().then(() => setRevision((current) => current + 1))}
        >
          Restore all defaults
        </button>
      </section>
    </main>
  );
}
