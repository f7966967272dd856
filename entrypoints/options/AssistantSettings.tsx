import { useState } from 'preact/hooks';
import * as v from 'valibot';
import { SettingsSchema, type Settings } from '@/lib/settings/settings';
import { FormError, useValidation } from './form-validation';

const AssistantFormSchema = v.object({
  pageAssistant: SettingsSchema.entries.pageAssistant,
  defaultSystemPrompt: SettingsSchema.entries.defaultSystemPrompt,
});

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
  const { error, validate } = useValidation();

  const submit = async (event: Event) => {
    event.preventDefault();
    const sites = blocked
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
    const form = validate(
      AssistantFormSchema,
      { pageAssistant: { enabled, showToolbar, blockedSites: sites }, defaultSystemPrompt: systemPrompt },
      (path) => {
        if (path[0] === 'defaultSystemPrompt') return 'System prompt';
        const index = path.at(-1);
        return typeof index === 'number' ? `“${sites[index]}”` : undefined;
      },
    );
    if (form) await onSave({ ...settings, ...form });
  };

  return (
    <form onSubmit={submit} aria-label="Assistant">
      <h2>Assistant</h2>
      <label>
        Default system prompt for new conversations
        <textarea
          rows={3}
          value={systemPrompt}
          onInput={(event) => setSystemPrompt(event.currentTarget.value)}
          placeholder="e.g. Answer briefly."
        />
      </label>
      <label class="inline">
        <input type="checkbox" checked={enabled} onChange={(event) => setEnabled(event.currentTarget.checked)} />
        Page assistant on web pages
      </label>
      <label class="inline">
        <input
          type="checkbox"
          checked={showToolbar}
          disabled={!enabled}
          onChange={(event) => setShowToolbar(event.currentTarget.checked)}
        />
        Show the toolbar when I select text (off: only the keyboard shortcut)
      </label>
      <label>
        Never on these sites (one per line, e.g. mail.example.com)
        <textarea rows={4} value={blocked} onInput={(event) => setBlocked(event.currentTarget.value)} />
      </label>
      <FormError error={error} />
      <button type="submit">Save assistant settings</button>
    </form>
  );
}
