import { InklingError } from '../contracts/errors';
import type { ChatMessage, SamplingOptions } from '../contracts/engine';
import { clamp } from '../math/clamp';
import { dropOldestExchange, turnCount } from './history';

/**
 * Chrome's Prompt API as the built-in engine uses it: finding it, the options its sessions are made
 * with, making a session that fits the stored turns, and reading a session's context.
 */

export type LanguageModelApi = typeof LanguageModel;

/** Read at call time, so a `LanguageModel` that appears later (or a test's fake) is seen. */
export function languageModelApi(): LanguageModelApi | undefined {
  return (globalThis as { LanguageModel?: LanguageModelApi }).LanguageModel;
}

export function requireApi(): LanguageModelApi {
  const api = languageModelApi();
  if (!api) throw new InklingError('no-engine', 'This browser has no built-in Prompt API.');
  return api;
}

/**
 * Creates a session holding `prior`. When the stored turns no longer fit (Chrome had forgotten the
 * oldest of them before the service worker restarted), the oldest are left out, as Chrome does.
 */
export async function createFitting(
  api: LanguageModelApi,
  options: Awaited<ReturnType<typeof createOptions>>,
  prior: ChatMessage[],
  signal: AbortSignal,
): Promise<{ session: LanguageModel; history: ChatMessage[]; forgot: boolean }> {
  let history = prior;
  for (;;) {
    try {
      const session = await createSession(api, { ...options, initialPrompts: toInitialPrompts(history) }, signal);
      return { session, history, forgot: history !== prior };
    } catch (error) {
      if (!(error instanceof Error && error.name === 'QuotaExceededError') || turnCount(history) === 0) throw error;
      history = dropOldestExchange(history);
    }
  }
}

/**
 * Aborting the signal given to `create()` destroys the session even after it was created (the
 * explainer's "Session destruction"), so `create()` gets a signal that only covers creating it.
 */
async function createSession(
  api: LanguageModelApi,
  options: LanguageModelCreateOptions,
  signal: AbortSignal,
): Promise<LanguageModel> {
  const creating = new AbortController();
  const onAbort = () => creating.abort(signal.reason);
  if (signal.aborted) onAbort();
  signal.addEventListener('abort', onAbort);
  try {
    return await api.create({ ...options, signal: creating.signal });
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

type SamplingCreateOptions = { temperature: number; topK: number } | Record<string, never>;

/**
 * The options given to both `availability()` and `create()`, as the spec asks. Temperature and top-K
 * go together or not at all (older Chrome rejects one alone), clamped to what `params()` allows.
 */
export async function createOptions(api: LanguageModelApi, options: SamplingOptions) {
  const languages = [options.language ?? 'en'];
  return {
    expectedInputs: [{ type: 'text' as const, languages }],
    expectedOutputs: [{ type: 'text' as const, languages }],
    ...(await sampling(api, options)),
  };
}

async function sampling(api: LanguageModelApi, { temperature, topK }: SamplingOptions): Promise<SamplingCreateOptions> {
  if (temperature === undefined && topK === undefined) return {};
  const params = await api.params?.().catch(() => undefined);
  if (!params) return temperature !== undefined && topK !== undefined ? { temperature, topK } : {};
  return {
    temperature: clamp(temperature ?? params.defaultTemperature, 0, params.maxTemperature),
    topK: clamp(Math.round(topK ?? params.defaultTopK), 1, params.maxTopK),
  };
}

function toInitialPrompts(messages: ChatMessage[]): LanguageModelCreateOptions['initialPrompts'] {
  return messages.map(({ role, content }) => ({ role, content })) as LanguageModelCreateOptions['initialPrompts'];
}

// Chrome renamed inputQuota/inputUsage/measureInputUsage to contextWindow/contextUsage/
// measureContextUsage; a browser may have either set.
export function contextWindow(session: LanguageModel): number | undefined {
  const value = session.contextWindow ?? session.inputQuota;
  return Number.isFinite(value) ? value : undefined;
}

export function contextUsage(session: LanguageModel): number {
  return session.contextUsage ?? session.inputUsage ?? 0;
}

export async function measure(session: LanguageModel, input: string): Promise<number | undefined> {
  const measureUsage = session.measureContextUsage ?? session.measureInputUsage;
  return measureUsage ? measureUsage.call(session, input) : undefined;
}
