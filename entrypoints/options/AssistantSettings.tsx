import { useState } from 'preact/hooks';
import * as v from 'valibot';
import { SettingsSchema, type Settings } from '@/lib/settings/settings';

interface Props {
  settings: Settings;
  onSave(settings: Settings): Promise<void>;
}

/** The default system prompt, and where the page assistant may appear. */
export function AssistantSettings({ settings, onSave }: Props) {
  const [systemPrompt, setSystemPrompt] = useState(settings.defaultSystemPrompt);
  const [enabled, setEnabled] = useState(settings.pageAssistant.enabled);
  const [showToolbar, setShowToolbar] = useState(settings.pageAssistant.showToolbar);
  const [blocked, setBlocked] = useState(settings.pageAssistant.blockedSites.join('\n'));
  const [error, setError] = useState<string>();

  const submit = async (event: Event) => {
    event.preventDefault();
    const sites = blocked.split('\n').map((line) => line.trim()).filter(Boolean);
    const pageAssistant = v.safeParse(SettingsSchema.entries.pageAssistant, { enabled, showToolbar, blockedSites: sites });
    if (!pageAssistant.success) {
      const index = pageAssistant.issues[0].path?.at(-1)?.key;
      return setError(typeof index === 'number' ? `“${sites[index]}”: ${pageAssistant.issues[0].message}` : pageAssistant.issues[0].message);
    }
    const prompt = v.safeParse(SettingsSchema.entries.defaultSystemPrompt, systemPrompt);
    if (!prompt.success) return setError(`System prompt: ${prompt.issues[0].message}`);
    setError(undefined);
    await onSave({ ...settings, defaultSystemPrompt: prompt.output, pageAssistant: pageAssistant.output });
  };

  return (
    <form onSubmit={submit} aria-label="Assistant">
      <h2>Assistant</h2>
      <label>
        Default system prompt for new conversations
        <textarea rows={3} value={systemPrompt} onInput={(event) => setSystemPrompt(event.currentTarget.value)} placeholder="e.g. Answer briefly." />
      </label>
      <label class="inline">
        <input type="checkbox" checked={enabled} onChange={(event) => setEnabled(event.currentTarget.checked)} />
        Page assistant on web pages
      </label>
      <label class="inline">
        <input type="checkbox" checked={showToolbar} disabled={!enabled} onChange={(event) => setShowToolbar(event.currentTarget.checked)} />
        Show the toolbar when I select text (off: only the keyboard shortcut)
      </label>
      <label>
        Never on these sites (one per line, e.g. mail.example.com)
        <textarea rows={4} value={blocked} onInput={(event) => setBlocked(event.currentTarget.value)} />
      </label>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit">Save assistant settings</button>
    </form>
  );
}
