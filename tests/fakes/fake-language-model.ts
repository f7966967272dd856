/**
 * A fake of Chrome's built-in `LanguageModel` (Prompt API) for machines where Gemini Nano cannot run.
 * It follows @types/dom-chromium-ai 0.0.17 and the explainer (webmachinelearning/prompt-api):
 * availability() with the create() options, both-or-neither temperature/topK, initialPrompts with the
 * system prompt first, monitor downloadprogress events with `loaded` as a fraction, promptStreaming()
 * returning a ReadableStream of deltas (or cumulative chunks, as before 2025), abort dropping the turn,
 * QuotaExceededError for input that does not fit, contextoverflow eviction, and both name sets
 * (contextWindow/contextUsage/measureContextUsage and inputQuota/inputUsage/measureInputUsage), and
 * `responseConstraint` (fake-constraint.ts).
 *
 * Imports only the other fakes, so the end-to-end tests can bundle it into the service worker.
 */

import { constrainedReply } from './fake-constraint';

export interface FakeLanguageModelConfig {
  availability?: Availability;
  /** Progress events a download sends, after the first (0) and before the last (1). */
  downloadSteps?: number;
  downloadStepMs?: number;
  /** Which of the two API name sets sessions expose. */
  names?: 'context' | 'input' | 'both';
  contextWindow?: number;
  chunkMode?: 'delta' | 'cumulative';
  chunkDelayMs?: number;
  /** Words appended to every answer, so that answers stream in many chunks. */
  fillerWords?: number;
  /** A fixed answer to every prompt instead of the echo (e.g. markdown for screenshots). */
  replyText?: string;
  /** The reply, as JSON, to a prompt with a JSON-schema `responseConstraint`; it must follow the schema. */
  structuredReply?: unknown;
  /** The stream errors with a DOMException of this name after its first chunk. */
  failPromptWith?: string;
  /** `null`: the browser has no `params()`. */
  params?: LanguageModelParams | null;
  supportedLanguages?: string[];
}

export interface FakeLog {
  creates: {
    initialPrompts: { role: string; content: string }[];
    temperature?: number;
    topK?: number;
    languages: string[];
  }[];
  prompts: { session: number; input: string; history: number; responseConstraint?: unknown }[];
  aborts: number;
  completed: number;
  destroyed: number;
  availabilityCalls: number;
}

type Message = { role: 'system' | 'user' | 'assistant'; content: string };

const DEFAULT_PARAMS: LanguageModelParams = { defaultTopK: 3, maxTopK: 128, defaultTemperature: 1, maxTemperature: 2 };
const PROMPT_OVERHEAD_TOKENS = 2;

export function fakeTokens(text: string): number {
  return Math.ceil(text.length / 4) + PROMPT_OVERHEAD_TOKENS;
}

/** The fake's answer: it repeats the question and the one before it, so tests can see the context. */
export function fakeReply(history: readonly Message[], input: string, fillerWords: number): string {
  const earlier = history.filter((message) => message.role === 'user').at(-1);
  let text = `You said "${input}".`;
  if (earlier) text += ` Before that you said "${earlier.content}".`;
  for (let i = 1; i <= fillerWords; i++) text += ` word${i}`;
  return text;
}

function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function progressEvent(loaded: number): Event {
  // Node has no ProgressEvent; a browser does.
  if (typeof ProgressEvent === 'function') return new ProgressEvent('downloadprogress', { loaded, total: 1 });
  return Object.assign(new Event('downloadprogress'), { loaded, total: 1 });
}

export function createFakeLanguageModel(config: FakeLanguageModelConfig = {}) {
  const settings = {
    availability: 'available' as Availability,
    downloadSteps: 3,
    downloadStepMs: 5,
    names: 'both' as const,
    contextWindow: 4096,
    chunkMode: 'delta' as const,
    chunkDelayMs: 0,
    fillerWords: 12,
    params: DEFAULT_PARAMS,
    supportedLanguages: ['en', 'es', 'ja'],
    ...config,
  };
  const log: FakeLog = { creates: [], prompts: [], aborts: 0, completed: 0, destroyed: 0, availabilityCalls: 0 };
  let sessions = 0;

  function optionsError(options: LanguageModelCreateCoreOptions = {}): DOMException | undefined {
    const sampling = options as { temperature?: number; topK?: number };
    if ((sampling.temperature === undefined) !== (sampling.topK === undefined)) {
      return new DOMException(
        'Initializing a new session must either specify both topK and temperature, or neither of them.',
        'NotSupportedError',
      );
    }
    const languages = [...(options.expectedInputs ?? []), ...(options.expectedOutputs ?? [])].flatMap(
      (e) => e.languages ?? [],
    );
    const unsupported = languages.find((language) => !settings.supportedLanguages.includes(language));
    if (unsupported) return new DOMException(`The language "${unsupported}" is not supported.`, 'NotSupportedError');
    return undefined;
  }

  class FakeSession extends EventTarget implements LanguageModel {
    readonly number = ++sessions;
    history: Message[];
    used: number;
    /** initialPrompts are never evicted (the explainer's "Context overflow"). */
    readonly fixed: number;
    destroyed = false;
    oncontextoverflow: ((this: LanguageModel, ev: Event) => unknown) | null = null;
    onquotaoverflow: ((this: LanguageModel, ev: Event) => unknown) | null = null;
    private queue: Promise<unknown> = Promise.resolve();

    constructor(
      history: Message[],
      readonly temperature: number,
      readonly topK: number,
    ) {
      super();
      this.history = history;
      this.used = history.reduce((sum, message) => sum + fakeTokens(message.content), 0);
      this.fixed = history.length;
      if (settings.names === 'input') {
        // A browser that only has the older names.
        Object.defineProperties(this, {
          contextWindow: { value: undefined },
          contextUsage: { value: undefined },
          measureContextUsage: { value: undefined },
        });
      }
      if (settings.names === 'context') {
        Object.defineProperties(this, {
          inputQuota: { value: undefined },
          inputUsage: { value: undefined },
          measureInputUsage: { value: undefined },
        });
      }
    }

    get contextWindow() {
      return settings.contextWindow;
    }
    get inputQuota() {
      return settings.contextWindow;
    }
    get contextUsage() {
      return this.used;
    }
    get inputUsage() {
      return this.used;
    }

    async measureContextUsage(input: LanguageModelPrompt): Promise<number> {
      this.assertAlive();
      return fakeTokens(typeof input === 'string' ? input : JSON.stringify(input));
    }
    measureInputUsage(input: LanguageModelPrompt): Promise<number> {
      // Not through this.measureContextUsage: a browser with only the old names lacks it.
      return FakeSession.prototype.measureContextUsage.call(this, input);
    }

    async prompt(input: LanguageModelPrompt, options?: LanguageModelPromptOptions): Promise<string> {
      let text = '';
      const reader = this.promptStreaming(input, options).getReader();
      for (let step = await reader.read(); !step.done; step = await reader.read()) {
        text = settings.chunkMode === 'cumulative' ? step.value : text + step.value;
      }
      return text;
    }

    promptStreaming(input: LanguageModelPrompt, options: LanguageModelPromptOptions = {}): ReadableStream<string> {
      const text = typeof input === 'string' ? input : JSON.stringify(input);
      const signal = options.signal;
      let cancelled = false;
      // Prompts to one session run one after another, as in Chrome.
      const turn = this.queue.then(() => undefined);
      let settle!: () => void;
      this.queue = new Promise<void>((resolve) => (settle = resolve));
      return new ReadableStream<string>({
        start: (controller) => {
          const onAbort = () => {
            log.aborts++;
            controller.error(signal!.reason);
          };
          const run = async () => {
            await turn;
            this.assertAlive();
            signal?.throwIfAborted();
            signal?.addEventListener('abort', onAbort, { once: true });
            const tokens = fakeTokens(text);
            const fixedTokens = this.history
              .slice(0, this.fixed)
              .reduce((sum, message) => sum + fakeTokens(message.content), 0);
            if (tokens > settings.contextWindow - fixedTokens)
              throw new DOMException('The input is too large.', 'QuotaExceededError');
            const { responseConstraint } = options;
            log.prompts.push({
              session: this.number,
              input: text,
              history: this.history.length,
              ...(responseConstraint !== undefined && { responseConstraint }),
            });
            const plain = settings.replyText ?? fakeReply(this.history, text, settings.fillerWords);
            const reply =
              responseConstraint === undefined
                ? plain
                : constrainedReply(responseConstraint, settings.structuredReply, plain);
            // Word by word, keeping every space and line break: markdown depends on them.
            const chunks = reply.match(/\s*\S+|\s+$/g) ?? [];
            let soFar = '';
            for (const [index, chunk] of chunks.entries()) {
              if (settings.chunkDelayMs > 0) await delay(settings.chunkDelayMs);
              if (signal?.aborted || cancelled || this.destroyed) return;
              if (index === 1 && settings.failPromptWith)
                throw new DOMException('The model failed.', settings.failPromptWith);
              soFar += chunk;
              controller.enqueue(settings.chunkMode === 'cumulative' ? soFar : chunk);
            }
            this.remember({ role: 'user', content: text }, { role: 'assistant', content: reply });
            log.completed++;
            controller.close();
          };
          run()
            // error() on a stream the abort already errored does nothing.
            .catch((error) => controller.error(signal?.aborted ? signal.reason : error))
            .finally(() => {
              signal?.removeEventListener('abort', onAbort);
              settle();
            });
        },
        cancel: () => {
          cancelled = true;
        },
      });
    }

    async append(): Promise<undefined> {
      throw new DOMException('append() is not faked.', 'NotSupportedError');
    }

    async clone(): Promise<LanguageModel> {
      this.assertAlive();
      return new FakeSession([...this.history], this.temperature, this.topK) as unknown as LanguageModel;
    }

    destroy(): undefined {
      if (!this.destroyed) log.destroyed++;
      this.destroyed = true;
      return undefined;
    }

    private remember(...messages: Message[]) {
      this.history.push(...messages);
      this.used += messages.reduce((sum, message) => sum + fakeTokens(message.content), 0);
      let overflowed = false;
      // Chrome evicts the oldest turns (never the initial prompts) and tells through contextoverflow.
      while (this.used > settings.contextWindow && this.history.length > this.fixed) {
        this.used -= fakeTokens(this.history[this.fixed]!.content);
        this.history.splice(this.fixed, 1);
        overflowed = true;
      }
      if (overflowed) {
        this.dispatchEvent(new Event('contextoverflow'));
        this.dispatchEvent(new Event('quotaoverflow'));
      }
    }

    private assertAlive() {
      if (this.destroyed) throw new DOMException('The session was destroyed.', 'InvalidStateError');
    }
  }

  const api = {
    async availability(options?: LanguageModelCreateCoreOptions): Promise<Availability> {
      log.availabilityCalls++;
      if (optionsError(options)) return 'unavailable';
      return settings.availability;
    },

    async create(options: LanguageModelCreateOptions = {}): Promise<LanguageModel> {
      options.signal?.throwIfAborted();
      const invalid = optionsError(options);
      if (invalid) throw invalid;
      if (settings.availability === 'unavailable')
        throw new DOMException('The model is not available.', 'NotSupportedError');
      const monitor = new EventTarget() as CreateMonitor;
      options.monitor?.(monitor);
      if (settings.availability !== 'available') {
        settings.availability = 'downloading';
        monitor.dispatchEvent(progressEvent(0));
        for (let step = 1; step <= settings.downloadSteps; step++) {
          await delay(settings.downloadStepMs, options.signal);
          monitor.dispatchEvent(progressEvent(step / (settings.downloadSteps + 1)));
        }
        await delay(settings.downloadStepMs, options.signal);
        monitor.dispatchEvent(progressEvent(1));
        settings.availability = 'available';
      }
      const prompts = (options.initialPrompts ?? []) as Message[];
      if (prompts.some((message, index) => message.role === 'system' && index > 0)) {
        throw new TypeError('A system prompt may only be the first of initialPrompts.');
      }
      const sampling = options as { temperature?: number; topK?: number };
      log.creates.push({
        initialPrompts: prompts.map(({ role, content }) => ({ role, content })),
        temperature: sampling.temperature,
        topK: sampling.topK,
        languages: (options.expectedOutputs ?? []).flatMap((expected) => expected.languages ?? []),
      });
      const session = new FakeSession(
        prompts.map(({ role, content }) => ({ role, content })),
        sampling.temperature ?? settings.params?.defaultTemperature ?? 1,
        sampling.topK ?? settings.params?.defaultTopK ?? 3,
      );
      if (session.used > settings.contextWindow)
        throw new DOMException('The initial prompts are too large.', 'QuotaExceededError');
      // Aborting the create() signal later destroys the session (the explainer's "Session destruction").
      options.signal?.addEventListener('abort', () => session.destroy(), { once: true });
      return session as unknown as LanguageModel;
    },

    params: settings.params === null ? undefined : async () => settings.params!,
  } satisfies Partial<Pick<typeof LanguageModel, 'availability' | 'create' | 'params'>>;

  return {
    api: api as unknown as typeof LanguageModel,
    log,
    setAvailability(availability: Availability) {
      settings.availability = availability;
    },
  };
}

export type FakeLanguageModel = ReturnType<typeof createFakeLanguageModel>;

/** Puts a fake in place of the browser's `LanguageModel` in this global scope. */
export function installFakeLanguageModel(config: FakeLanguageModelConfig = {}): FakeLanguageModel {
  const fake = createFakeLanguageModel(config);
  (globalThis as { LanguageModel?: unknown }).LanguageModel = fake.api;
  return fake;
}
