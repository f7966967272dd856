import { useEffect, useState } from 'preact/hooks';
import { StallSecondsField } from './StallSecondsField';
import { errorMessage } from '@/lib/contracts/errors';
import { ENGINE_LABELS } from '@/lib/contracts/engine';
import { embeddingModelOf } from '@/lib/engines/server/embeddings';
import { detectServer, serverHost, type ServerFound } from '@/lib/engines/server/server-api';
import { forgetServerKey, loadServerKey, maskKey, saveServerKey } from '@/lib/settings/server-key';
import { ServerSchema, type ServerKind, type Settings } from '@/lib/settings/settings';
import { FormError, useValidation } from './form-validation';
import { dropServerAccess, originOf, requestServerAccess } from './server-permission';

const KIND_NAMES: Record<ServerKind, string> = { openai: 'an OpenAI-compatible server', ollama: 'an Ollama server' };
const DEFAULT_STALL_SECONDS = 60;

interface Props {
  settings: Settings;
  onSave(settings: Settings): Promise<void>;
}

/** The user's own server: its address, what it is and its models (tested), the model, an optional key. */
export function ServerSettings({ settings, onSave }: Props) {
  const saved = settings.server;
  const [address, setAddress] = useState(saved?.address ?? '');
  const [found, setFound] = useState<ServerFound | undefined>(saved && { kind: saved.kind, models: [saved.model] });
  const [model, setModel] = useState(saved?.model ?? '');
  const [key, setKey] = useState('');
  const [savedKey, setSavedKey] = useState<string>();
  const [stallSeconds, setStallSeconds] = useState(String(saved?.stallSeconds ?? DEFAULT_STALL_SECONDS));
  const [outcome, setOutcome] = useState<string>();
  const { error, validate } = useValidation();

  useEffect(() => {
    const origin = saved && originOf(saved.address);
    if (origin) void loadServerKey(origin).then((stored) => setSavedKey(stored && maskKey(stored)));
  }, [saved]);

  const testConnection = async () => {
    const origin = originOf(address);
    if (!origin) return setOutcome('Enter the server’s address, such as http://localhost:11434.');
    if (!(await requestServerAccess(origin)))
      return setOutcome(`Inkling may not reach ${origin} without your permission.`);
    setOutcome('Testing…');
    try {
      const apiKey = key || (await loadServerKey(origin));
      const label = `${ENGINE_LABELS.server} on ${serverHost(origin)}`;
      const extensionOrigin = new URL(browser.runtime.getURL('/')).origin;
      const answer = await detectServer(
        { address, ...(apiKey && { apiKey }), context: { label, origin, extensionOrigin } },
        AbortSignal.timeout(10_000),
      );
      setFound(answer);
      // An embedding model cannot chat: the first model that can is offered.
      const embedding = embeddingModelOf(answer.models);
      const chat = answer.models.find((name) => name !== embedding) ?? answer.models[0] ?? '';
      setModel(answer.models.includes(model) ? model : chat);
      const count = `${answer.models.length} model${answer.models.length === 1 ? '' : 's'}`;
      const ranks = embedding ? ` ${embedding} also ranks the passages of long pages by meaning.` : '';
      const names = answer.models.length ? `: ${answer.models.join(', ')}` : '';
      setOutcome(`Found ${KIND_NAMES[answer.kind]} with ${count}${names}.${ranks}`);
    } catch (failure) {
      setFound(undefined);
      setOutcome(errorMessage(failure));
    }
  };

  const save = async (event: Event) => {
    event.preventDefault();
    const origin = originOf(address);
    if (origin && !(await requestServerAccess(origin))) {
      return setOutcome(`Inkling may not reach ${origin} without your permission.`);
    }
    if (!found) return setOutcome('Test the connection first: it finds what the server is and its models.');
    const server = validate(ServerSchema, { address, kind: found.kind, model, stallSeconds: Number(stallSeconds) });
    if (!server || !origin) return;
    const previous = saved && originOf(saved.address);
    if (previous && previous !== origin) {
      await dropServerAccess(previous);
      await forgetServerKey();
      setSavedKey(undefined);
    }
    if (key) {
      await saveServerKey(origin, key);
      setSavedKey(maskKey(key));
      setKey('');
    }
    await onSave({ ...settings, server });
  };

  const remove = async () => {
    const origin = saved && originOf(saved.address);
    if (origin) await dropServerAccess(origin);
    await forgetServerKey();
    const { server: _removed, ...rest } = settings;
    await onSave({ ...rest, engine: settings.engine === 'server' ? 'auto' : settings.engine });
    setAddress('');
    setFound(undefined);
    setModel('');
    setSavedKey(undefined);
    setOutcome('The server is removed, and with it Inkling’s access to it.');
  };

  return (
    <form onSubmit={save}>
      <h2>Your server</h2>
      <p class="hint">
        A model on your own machine or network: Ollama, llama.cpp’s server, LM Studio, vLLM. With it, the conversation
        goes to that server and nowhere else.
      </p>
      <label>
        Server address
        <input
          type="url"
          value={address}
          onInput={(event) => setAddress(event.currentTarget.value)}
          placeholder="http://localhost:11434 or http://gpu-box.lan:8000/v1"
        />
      </label>
      <button type="button" class="quiet" onClick={() => void testConnection()}>
        Test connection
      </button>
      {outcome && (
        <p role="note" aria-live="polite" aria-label="Connection">
          {outcome}
        </p>
      )}
      <label>
        <span id="server-model-label">Server model</span>
        <select
          aria-labelledby="server-model-label"
          value={model}
          disabled={!found}
          onChange={(event) => setModel(event.currentTarget.value)}
        >
          {found?.models.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <label>
        API key (optional; kept on this device, sent only to this server)
        <input
          type="password"
          autocomplete="off"
          value={key}
          onInput={(event) => setKey(event.currentTarget.value)}
          placeholder={savedKey ? `Saved: ${savedKey}` : ''}
        />
      </label>
      <StallSecondsField
        label="Give up when the server sends nothing for this many seconds"
        value={stallSeconds}
        onChange={setStallSeconds}
      />
      <FormError error={error} />
      <button type="submit">Save server</button>
      {saved && (
        <button type="button" class="quiet" onClick={() => void remove()}>
          Remove server
        </button>
      )}
    </form>
  );
}
