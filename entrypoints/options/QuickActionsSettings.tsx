import { useState } from 'preact/hooks';
import * as v from 'valibot';
import { SettingsSchema, type QuickAction, type Settings } from '@/lib/settings/settings';

interface Props {
  settings: Settings;
  onSave(settings: Settings): Promise<void>;
}

/** The actions of the context menu and the page toolbar: the built-in ones and the user's own. */
export function QuickActionsSettings({ settings, onSave }: Props) {
  const [actions, setActions] = useState<QuickAction[]>(settings.quickActions);
  const [error, setError] = useState<string>();

  const change = (index: number, patch: Partial<QuickAction>) =>
    setActions((current) => current.map((action, at) => (at === index ? { ...action, ...patch } : action)));

  const submit = async (event: Event) => {
    event.preventDefault();
    const parsed = v.safeParse(SettingsSchema.entries.quickActions, actions);
    if (!parsed.success) {
      const issue = parsed.issues[0];
      const index = issue.path?.[0]?.key;
      return setError(typeof index === 'number' ? `Action ${index + 1}: ${issue.message}` : issue.message);
    }
    setError(undefined);
    await onSave({ ...settings, quickActions: parsed.output });
  };

  return (
    <form onSubmit={submit} aria-label="Quick actions">
      <h2>Quick actions</h2>
      <p class="hint">
        In the context menu on selected text and on the page toolbar. In a prompt, <code>{'{text}'}</code> is the selected text
        and <code>{'{language}'}</code> the browser’s language.
      </p>
      {actions.map((action, index) => (
        <fieldset key={action.id}>
          <legend>{action.label || `Action ${index + 1}`}</legend>
          <label>
            Name
            <input value={action.label} onInput={(event) => change(index, { label: event.currentTarget.value })} />
          </label>
          <label>
            Prompt
            <textarea rows={3} value={action.prompt} onInput={(event) => change(index, { prompt: event.currentTarget.value })} />
          </label>
          <label class="inline">
            <input type="checkbox" checked={action.hidden} onChange={(event) => change(index, { hidden: event.currentTarget.checked })} />
            Hide this action
          </label>
          <button type="button" class="quiet" onClick={() => setActions((current) => current.filter((_, at) => at !== index))}>
            Remove
          </button>
        </fieldset>
      ))}
      <button
        type="button"
        class="quiet"
        onClick={() => setActions((current) => [...current, { id: crypto.randomUUID(), label: '', prompt: '{text}', hidden: false }])}
      >
        Add an action
      </button>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit">Save quick actions</button>
    </form>
  );
}
