import { InklingError, isAbortError } from '../contracts/errors';
import { builtinError } from './builtin-errors';
import { createDeltaNormalizer } from './cumulative-chunks';
import {
  ENGINE_LABELS,
  type Availability,
  type ChatMessage,
  type EngineFinish,
  type PrepareProgress,
  type SamplingOptions,
} from '../contracts/engine';
import type { ContextInfo, Engine, EngineRequest } from './engine';
import { estimateTokens } from './estimate-tokens';
import { charsPerToken } from './token-density';
import { createJsonAnswerReader, QUOTED_ANSWER_SCHEMA } from '../context/json-answer';
import {
  contextUsage,
  contextWindow,
  createFitting,
  createOptions,
  languageModelApi,
  measure,
  requireApi,
  type LanguageModelApi,
} from './builtin-session';

const MODEL = 'Gemini Nano';
/** Sessions hold model state in Chrome; a few recent conversations keep theirs, older ones are rebuilt. */
const MAX_SESSIONS = 4;

interface Conversation {
  session: LanguageModel;
  /** What the session holds: the system prompt and every finished turn. */
  history: ChatMessage[];
  optionsKey: string;
  busy: boolean;
  /** Whether old turns were forgotten during this turn, to make room. */
  forgot: boolean;
  /** Tokens of the prompts the session was created with, which Chrome never evicts. */
  fixedTokens: number;
}

const UNAVAILABLE_REMEDY =
  'Use Chrome 138 or newer on Windows 10/11, macOS 13+ or Linux, ' +
  'with 22 GB of free disk and a GPU with more than 4 GB of memory (or 16 GB of RAM and 4 cores). ' +
  'chrome://on-device-internals tells what Chrome sees.';

type Unavailable = Extract<Availability, { state: 'unavailable' }>;

const NO_PROMPT_API: Unavailable = {
  state: 'unavailable',
  reason: 'This browser has no built-in Prompt API.',
  remedy: UNAVAILABLE_REMEDY,
};

/** Firefox ships no language model of its own: Inkling's engines are the only ones there. */
export const FIREFOX_HAS_NO_BUILTIN: Unavailable = {
  state: 'unavailable',
  reason: 'Firefox has no built-in model (Chrome’s Gemini Nano has no Firefox counterpart).',
  remedy: 'Download a model for the CPU engine in the options, or connect your own server (Ollama, llama.cpp).',
};

export class BuiltinEngine implements Engine {
  readonly id = 'builtin';
  readonly label = ENGINE_LABELS.builtin;
  readonly model = MODEL;
  private readonly conversations = new Map<string, Conversation>();
  private lastWindow?: number;
  /** Characters per token of Gemini Nano's tokenizer, from Chrome's count of a long turn. */
  private density?: number;

  /** `withoutApi`: what to say when the browser has no `LanguageModel` at all. */
  constructor(private readonly withoutApi: Unavailable = NO_PROMPT_API) {}

  async availability(options: SamplingOptions): Promise<Availability> {
    const api = languageModelApi();
    if (!api) return this.withoutApi;
    let answer: string;
    try {
      answer = await api.availability(await createOptions(api, options));
    } catch (error) {
      return {
        state: 'unavailable',
        reason: `Chrome’s Prompt API did not answer: ${builtinError(error).message}`,
        remedy: UNAVAILABLE_REMEDY,
      };
    }
    switch (answer) {
      case 'available':
        return { state: 'available' };
      case 'downloadable':
        return {
          state: 'downloadable',
          detail: 'Chrome downloads Gemini Nano once (about 2 GB) before it can answer.',
        };
      case 'downloading':
        return { state: 'downloading', detail: 'Chrome is downloading Gemini Nano.' };
      default:
        return {
          state: 'unavailable',
          reason: 'Chrome’s built-in model (Gemini Nano) is not available in this browser.',
          remedy: UNAVAILABLE_REMEDY,
        };
    }
  }

  async prepare(onProgress: (progress: PrepareProgress) => void, signal: AbortSignal): Promise<void> {
    const api = requireApi();
    const phase = 'Chrome is downloading Gemini Nano';
    onProgress({ progress: 0, phase });
    try {
      const session = await api.create({
        ...(await createOptions(api, {})),
        signal,
        monitor(monitor) {
          monitor.addEventListener('downloadprogress', (event) => {
            // The spec reports `loaded` as a fraction with `total` 1; divide in case a browser sends bytes.
            onProgress({ progress: event.total > 0 ? event.loaded / event.total : event.loaded, phase });
          });
        },
      });
      session.destroy();
    } catch (error) {
      throw isAbortError(error) ? error : builtinError(error);
    }
  }

  async *stream(request: EngineRequest): AsyncGenerator<string, EngineFinish, undefined> {
    const api = requireApi();
    const turn = request.messages.at(-1);
    if (turn?.role !== 'user') throw new InklingError('bad-request', 'A request must end with a user message.');
    const prior = request.messages.slice(0, -1);
    const stop = new AbortController();
    const signal = AbortSignal.any([request.signal, stop.signal]);
    let conversation: Conversation | undefined;
    try {
      conversation = await this.conversationFor(api, request, prior);
      const { session } = conversation;
      const inputTokens = await measure(session, turn.content);
      const window = contextWindow(session);
      this.lastWindow = window ?? this.lastWindow;
      this.density = charsPerToken([turn], inputTokens) ?? this.density;
      // Chrome makes room by forgetting old turns (contextoverflow), but never the prompts the
      // session was created with: refuse only what cannot fit even then.
      const room = window === undefined ? undefined : window - conversation.fixedTokens;
      if (room !== undefined && inputTokens !== undefined && inputTokens > room) {
        throw new InklingError(
          'input-too-large',
          `This message needs about ${inputTokens} tokens but Gemini Nano has room for ${Math.max(0, room)}. ` +
            `Shorten it or start a new chat.`,
        );
      }
      const usedBefore = contextUsage(session);
      // An answer that quotes its sources is asked for as JSON (structured output), read as it streams.
      const json = request.quoted ? createJsonAnswerReader() : undefined;
      const responseConstraint = json && (QUOTED_ANSWER_SCHEMA as unknown as Record<string, unknown>);
      const reader = session
        .promptStreaming(turn.content, { signal, ...(responseConstraint && { responseConstraint }) })
        .getReader();
      const toDelta = createDeltaNormalizer();
      let text = '';
      let finishReason: EngineFinish['finishReason'] = 'stop';
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          const delta = toDelta(value);
          if (!delta) continue;
          text += delta;
          const shown = json ? json.push(delta) : delta;
          if (shown) yield shown;
          if (request.options.maxTokens !== undefined && estimateTokens(text) >= request.options.maxTokens) {
            finishReason = 'length';
            break;
          }
        }
      } finally {
        // Ends Chrome's generation when we stop early or our consumer stops reading. An aborted prompt
        // is dropped from the session, so the next request finds the history differs and rebuilds.
        stop.abort();
        reader.cancel().catch(() => {});
      }
      const quotes = finishReason === 'stop' ? json?.end() : undefined;
      if (quotes) yield quotes;
      if (finishReason === 'stop') {
        conversation.history = [...prior, turn, { role: 'assistant', content: text }];
      }
      const usedTokens = contextUsage(session) - usedBefore;
      return {
        finishReason,
        inputTokens,
        // After an eviction the usage difference means nothing.
        outputTokens:
          finishReason === 'stop' && !conversation.forgot && usedTokens > (inputTokens ?? 0)
            ? usedTokens - (inputTokens ?? 0)
            : undefined,
        ...(conversation.forgot && {
          notice: 'The oldest messages no longer fit in Gemini Nano’s context and were forgotten.',
        }),
      };
    } catch (error) {
      if (request.signal.aborted && isAbortError(error)) return { finishReason: 'cancelled' };
      // A session that failed may be dead: the next request builds a new one.
      if (conversation) this.forget(conversation, request.conversationId);
      throw builtinError(error);
    } finally {
      if (conversation) this.release(conversation, request.conversationId);
    }
  }

  /** A conversation without a session yet gets the window and tokenizer the last session showed. */
  contextInfo(conversationId?: string): ContextInfo {
    const session = conversationId ? this.conversations.get(conversationId)?.session : undefined;
    const window = (session && contextWindow(session)) ?? this.lastWindow;
    return {
      ...(window !== undefined && { contextWindow: window }),
      ...(session && { contextUsed: contextUsage(session) }),
      ...(this.density !== undefined && { charsPerToken: this.density }),
    };
  }

  /**
   * A follow-up in a known conversation reuses its session and sends only the new turn. Otherwise
   * (new conversation, edited history, other options, a restarted service worker) a session is
   * built from the stored turns through `initialPrompts`, never flattened into one string.
   */
  private async conversationFor(
    api: LanguageModelApi,
    request: EngineRequest,
    prior: ChatMessage[],
  ): Promise<Conversation> {
    const options = await createOptions(api, request.options);
    const optionsKey = JSON.stringify(options);
    const id = request.conversationId;
    const known = id ? this.conversations.get(id) : undefined;
    if (known && !known.busy && known.optionsKey === optionsKey && sameMessages(known.history, prior)) {
      // Map order is recency order: move it to the end.
      this.conversations.delete(id!);
      this.conversations.set(id!, known);
      known.busy = true;
      known.forgot = false;
      return known;
    }
    const { session, history, forgot } = await createFitting(api, options, prior, request.signal);
    const conversation: Conversation = {
      session,
      history,
      optionsKey,
      busy: true,
      forgot,
      fixedTokens: contextUsage(session),
    };
    const onOverflow = () => (conversation.forgot = true);
    // Chrome renamed quotaoverflow to contextoverflow; listen to both.
    session.addEventListener('contextoverflow', onOverflow);
    session.addEventListener('quotaoverflow', onOverflow);
    if (id && !known?.busy) this.remember(id, conversation);
    return conversation;
  }

  private forget(conversation: Conversation, id: string | undefined): void {
    if (id && this.conversations.get(id) === conversation) this.conversations.delete(id);
  }

  private remember(id: string, conversation: Conversation): void {
    const old = this.conversations.get(id);
    if (old) old.session.destroy();
    this.conversations.delete(id);
    this.conversations.set(id, conversation);
    for (const [oldestId, oldest] of this.conversations) {
      if (this.conversations.size <= MAX_SESSIONS) break;
      if (oldest.busy) continue;
      oldest.session.destroy();
      this.conversations.delete(oldestId);
    }
  }

  private release(conversation: Conversation, id: string | undefined): void {
    conversation.busy = false;
    if (!id || this.conversations.get(id) !== conversation) conversation.session.destroy();
  }
}

function sameMessages(a: ChatMessage[], b: ChatMessage[]): boolean {
  return a.length === b.length && a.every((m, i) => m.role === b[i]!.role && m.content === b[i]!.content);
}
