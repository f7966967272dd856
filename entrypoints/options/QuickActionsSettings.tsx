import { useState } from 'preact/hooks';
import { SettingsSchema, type QuickAction, type Settings } from '@/lib/settings/settings';
import { FormError, useValidation } from './form-validation';

interface Props {
  settings: Settings;
  onSave(settings: Settings): Promise<void>;
}

/** The actions of the context menu and the page toolbar: the built-in ones and the user's own. */
export function QuickActionsSettings({ settings, onSave }: Props) {
  const [actions, setActions] = useState<QuickAction[]>(settings.quickActions);
  const { error, validate } = useValidation();

  const change = (index: number, patch: Partial<QuickAction>) =>
    setActions((current) => current.map((action, at) => (at === index ? { ...action, ...patch } : action)));

  const submit = async (event: Event) => {
    event.preventDefault();
    const quickActions = validate(SettingsSchema.entries.quickActions, actions, ([index]) =>
      typeof index === 'number' ? `Action ${index + 1}` : undefined,
    );
    if (quickActions) await onSave({ ...settings, quickActions });
  };

  return (
    <form onSubmit={submit} aria-label="Quick actions">
      <h2>Quick actions</h2>
      <p class="hint">
        In the context menu on selected text and on the page toolbar. In a prompt, <code>{'{text}'}</code> is the
        selected text and <code>{'{language}'}</code> the browser’s language.
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
            <textarea
              rows={3}
              value={action.prompt}
              onInput={(event) => change(index, { prompt: event.currentTarget.value })}
            />
          </label>
          <label class="inline">
            <input
              type="checkbox"
              checked={action.hidden}
              onChange={(event) => change(index, { hidden: event.currentTarget.checked })}
            />
            Hide this action
          </label>
          <button
            type="button"
            class="quiet"
            onClick={() => setActions((current) => current.filter((_, at) => at !== index))}
          >
            Remove
          </button>
        </fieldset>
      ))}
      <button
        type="button"
        class="quiet"
        onClick={() =>
          setActions((current) => [...current, { id: crypto.randomUUID(), label: '', prompt: '{text}', hidden: false }])
        }
      >
        Add an action
      </button>
      <FormError error={error} />
      <button type="submit">Save quick actions</button>
    </form>
  );
}
