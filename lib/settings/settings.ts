import * as v from 'valibot';
import { CpuModelSchema, ENGINE_IDS, HttpUrl, type CpuModel } from '../contracts/engine';
import { CPU_CATALOGUE } from './cpu-catalogue';

/**
 * What the user sets in the options page. Validated wherever it is read, so that a hand-edited or
 * older stored value can never reach an engine.
 */
export const ENGINE_PREFERENCES = ['auto', ...ENGINE_IDS] as const;
export type EnginePreference = (typeof ENGINE_PREFERENCES)[number];

/** The first of the catalogue. */
export const DEFAULT_CPU_MODEL = CPU_CATALOGUE[0]!;

export { CpuModelSchema };

/** The two APIs a server can speak: OpenAI's chat completions (llama.cpp, LM Studio, vLLM) or Ollama's own. */
export const SERVER_KINDS = ['openai', 'ollama'] as const;
export type ServerKind = (typeof SERVER_KINDS)[number];

/** The user's own server; its API key is kept apart (lib/settings/server-key.ts), never in these settings. */
export const ServerSchema = v.object({
  address: v.pipe(
    HttpUrl,
    v.transform((url) => url.replace(/\/+$/, '')),
  ),
  kind: v.picklist(SERVER_KINDS),
  model: v.pipe(v.string(), v.trim(), v.minLength(1, 'Pick a model.'), v.maxLength(200)),
  /** How long a silent stream is waited for before it counts as stalled. */
  stallSeconds: v.pipe(v.number(), v.integer(), v.minValue(2), v.maxValue(600)),
});
export type ServerSettings = v.InferOutput<typeof ServerSchema>;

const QuickActionSchema = v.object({
  id: v.pipe(v.string(), v.minLength(1), v.maxLength(60)),
  label: v.pipe(
    v.string(),
    v.trim(),
    v.minLength(1, 'Give the action a name.'),
    v.maxLength(40, 'Keep the name under 40 characters.'),
  ),
  /** `{text}` stands for the selected text; `{language}` for the browser's language. */
  prompt: v.pipe(
    v.string(),
    v.minLength(1, 'Write the prompt.'),
    v.maxLength(4000),
    v.includes('{text}', 'The prompt must contain {text}, where the selected text goes.'),
  ),
  hidden: v.boolean(),
});

/** A site as the user types it: a host name such as example.com (its subdomains count too). */
const SiteSchema = v.pipe(
  v.string(),
  v.trim(),
  v.toLowerCase(),
  v.regex(/^(?:[a-z0-9-]+\.)*[a-z0-9-]+$/, 'Enter a site as a host name, such as example.com.'),
);

export const SettingsSchema = v.object({
  engine: v.picklist(ENGINE_PREFERENCES),
  cpuModel: CpuModelSchema,
  /** Absent until the user sets one up. */
  server: v.optional(ServerSchema),
  /** A WebLLM prebuilt model id; absent: Inkling chooses for the GPU. */
  webllmModel: v.optional(v.pipe(v.string(), v.maxLength(200))),
  /** Use a software (SwiftShader) WebGPU adapter anyway: slow, but some users want to try. */
  allowSoftwareWebGpu: v.boolean(),
  /** Threads llama.cpp runs on; absent: all but one of the machine's cores (see `cpuThreadsFor`). */
  cpuThreads: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(256))),
  /** A model download that gets no byte for this many seconds is given up; absent: 30. */
  downloadStallSeconds: v.optional(v.pipe(v.number(), v.integer(), v.minValue(2), v.maxValue(600))),
  /** Minutes without a request after which the CPU/GPU engines' page closes and frees memory. */
  engineIdleMinutes: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(24 * 60)),
  sampling: v.object({
    temperature: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(2))),
    topK: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100))),
    maxTokens: v.optional(v.pipe(v.number(), v.integer(), v.minValue(16), v.maxValue(8192))),
  }),
  /** Given to every new conversation; each conversation can have its own. */
  defaultSystemPrompt: v.pipe(v.string(), v.maxLength(4000)),
  /** The context-menu items and the page toolbar's buttons, in order. */
  quickActions: v.pipe(v.array(QuickActionSchema), v.maxLength(20, 'Keep it to 20 actions or fewer.')),
  pageAssistant: v.object({
    /** Off: no toolbar, no page shortcut, nothing injected into pages' UI. */
    enabled: v.boolean(),
    /** Off: no toolbar on selection, but the keyboard shortcut still works. */
    showToolbar: v.boolean(),
    blockedSites: v.pipe(v.array(SiteSchema), v.maxLength(500)),
  }),
});

export type Settings = v.InferOutput<typeof SettingsSchema>;
export type QuickAction = v.InferOutput<typeof QuickActionSchema>;
export { QuickActionSchema, SiteSchema };

export const DEFAULT_QUICK_ACTIONS: QuickAction[] = [
  {
    id: 'summarize',
    label: 'Summarize',
    prompt: 'Summarize the following text in a few short bullet points.\n\n{text}',
    hidden: false,
  },
  {
    id: 'explain',
    label: 'Explain',
    prompt: 'Explain the following text in plain words, for someone new to the subject.\n\n{text}',
    hidden: false,
  },
  {
    id: 'rewrite',
    label: 'Rewrite (simpler)',
    prompt: 'Rewrite the following text so that it is simpler and clearer. Keep its meaning.\n\n{text}',
    hidden: false,
  },
  {
    id: 'translate',
    label: 'Translate',
    prompt: 'Translate the following text into {language}. Give only the translation.\n\n{text}',
    hidden: false,
  },
];
export type { CpuModel };

/**
 * The threads the CPU engine uses: the setting, else all cores but one (left to the browser and the
 * page the user reads), and at least one.
 */
export function cpuThreadsFor(setting: number | undefined, cores: number): number {
  return Math.max(1, setting ?? cores - 1);
}

export const DEFAULT_SETTINGS: Settings = {
  engine: 'auto',
  cpuModel: { name: DEFAULT_CPU_MODEL.name, url: DEFAULT_CPU_MODEL.url },
  allowSoftwareWebGpu: false,
  engineIdleMinutes: 10,
  sampling: {},
  defaultSystemPrompt: '',
  quickActions: DEFAULT_QUICK_ACTIONS,
  pageAssistant: { enabled: true, showToolbar: true, blockedSites: [] },
};

/** A stored value that no longer validates falls back to the defaults, field group by field group. */
export function readSettings(stored: unknown): Settings {
  const parsed = v.safeParse(SettingsSchema, stored);
  if (parsed.success) return parsed.output;
  const partial = typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>) : {};
  const merged = { ...DEFAULT_SETTINGS };
  for (const key of Object.keys(DEFAULT_SETTINGS) as (keyof Settings)[]) {
    const field = v.safeParse(SettingsSchema.entries[key], partial[key]);
    if (field.success) Object.assign(merged, { [key]: field.output });
  }
  return merged;
}

/** Version 2 added the default system prompt, quick actions and the page assistant's switches. */
export function migrateToVersion2(old: unknown): Settings {
  return readSettings({ ...DEFAULT_SETTINGS, ...(typeof old === 'object' && old !== null ? old : {}) });
}
