import { ENGINE_LABELS, type Availability, type EngineFinish } from '../../contracts/engine';
import { errorMessage, InklingError } from '../../contracts/errors';
import type { ServerSettings } from '../../settings/settings';
import { DEFAULT_MAX_TOKENS, type ContextInfo, type Engine, type EngineRequest } from '../engine';
import { QUOTED_ANSWER_SCHEMA } from '../../context/json-answer';
import { jsonAsQuotedText } from '../json-deltas';
import { ollamaChatBody, ollamaDeltas } from './ollama-chat';
import { openAiChatBody, openAiDeltas } from './openai-chat';
import { ServerStreamError, type ChatCall } from './protocol-types';
import { embeddingModelOf, serverEmbedder } from './embeddings';
import { serverContextWindow } from './server-context';
import { charsPerToken } from '../token-density';
import type { Embedder } from '../../context/semantic';
import { endpoint, listModels, serverFetch, serverHost, type ServerAccess } from './server-api';
import { bodyChunks, MalformedStreamError, ndjsonValues, sseEvents, StalledStreamError } from './stream-readers';

export interface ServerConfig {
  server?: ServerSettings;
  /** Only ever sent to the server's own origin. */
  apiKey?: string;
}

export interface ServerEngineOptions {
  /** `chrome-extension://…`: the origin a server such as Ollama must allow. */
  extensionOrigin: string;
  fetch?: typeof fetch;
  /** How long the model list may take before the server counts as not answering. */
  availabilityTimeoutMs?: number;
  setTimer?: (run: () => void, ms: number) => () => void;
}

/**
 * A model on the user's own server (Ollama, llama.cpp's server, LM Studio, vLLM), streamed over
 * OpenAI's SSE or Ollama's NDJSON. It runs in the background: a fetch needs no Worker. The
 * conversation goes to that server and nowhere else.
 */
export class ServerEngine implements Engine {
  readonly id = 'server';
  private config: ServerConfig = {};
  /** An embedding model the server listed at its last availability, if any. */
  private embeddingModel?: string;
  private embedding?: { key: string; embedder: Embedder };
  /** The model's context as the server told it, for the settings it was asked with. */
  private window?: { key: string; tokens?: number };
  /** Characters per token of the server's model, learnt from its count of a long prompt. */
  private density?: { model: string; charsPerToken: number };

  constructor(private readonly options: ServerEngineOptions) {}

  configure(config: ServerConfig): void {
    this.config = config;
  }

  isSetUp(): boolean {
    return this.config.server !== undefined;
  }

  get label(): string {
    const { server } = this.config;
    return server ? `${ENGINE_LABELS.server} on ${serverHost(server.address)}` : ENGINE_LABELS.server;
  }

  get model(): string {
    return this.config.server?.model ?? '';
  }

  async availability(): Promise<Availability> {
    const { server } = this.config;
    if (!server) {
      return { state: 'unavailable', reason: 'No server is set up.', remedy: 'Add one in Inkling’s options.' };
    }
    let models: string[];
    try {
      const timeout = AbortSignal.timeout(this.options.availabilityTimeoutMs ?? 5_000);
      models = await listModels(this.access(server), server.kind, timeout);
    } catch (error) {
      const reason = error instanceof InklingError ? error.message : `It does not answer: ${errorMessage(error)}`;
      return { state: 'unavailable', reason, remedy: 'The engines on this device answer meanwhile.' };
    }
    this.embeddingModel = embeddingModelOf(models);
    const key = windowKey(server);
    if (this.window?.key !== key) {
      const timeout = AbortSignal.timeout(this.options.availabilityTimeoutMs ?? 5_000);
      // Asked again at the next availability if the server did not answer.
      await serverContextWindow(this.access(server), server.kind, server.model, timeout).then(
        (tokens) => (this.window = { key, ...(tokens && { tokens }) }),
        () => {},
      );
    }
    if (!models.includes(server.model)) {
      return {
        state: 'unavailable',
        reason: `It has no model “${server.model}”.`,
        remedy: 'Pick one of its models in Inkling’s options.',
      };
    }
    return { state: 'available' };
  }

  async prepare(): Promise<void> {
    // The server holds the model: nothing to download or load here.
  }

  async *stream(request: EngineRequest): AsyncGenerator<string, EngineFinish, undefined> {
    const { server } = this.config;
    if (!server) throw new InklingError('no-engine', 'No server is set up: add one in Inkling’s options.');
    // Aborted on every way out, so that the request closes and the server stops generating.
    const stop = new AbortController();
    const signal = AbortSignal.any([request.signal, stop.signal]);
    const call: ChatCall = {
      model: server.model,
      messages: request.messages,
      options: request.options,
      maxTokens: request.options.maxTokens ?? DEFAULT_MAX_TOKENS,
    };
    const send = (schema?: object) => {
      const body = server.kind === 'openai' ? openAiChatBody({ ...call, schema }) : ollamaChatBody({ ...call, schema });
      const init = { method: 'POST', body: JSON.stringify(body), signal };
      return serverFetch(this.access(server), endpoint(server.address, server.kind, 'chat'), init, schema ? [400] : []);
    };
    try {
      let structured = request.quoted === true;
      let response = await send(structured ? QUOTED_ANSWER_SCHEMA : undefined);
      if (response.status === 400) {
        // An older server that does not know the field: asked again, the prompt's text format answers.
        await response.body?.cancel();
        structured = false;
        response = await send();
      }
      if (!response.body) throw new ServerStreamError('The server answered without a body.');
      const chunks = bodyChunks(response.body, {
        signal,
        stallMs: server.stallSeconds * 1000,
        ...(this.options.setTimer && { setTimer: this.options.setTimer }),
      });
      const deltas = server.kind === 'openai' ? openAiDeltas(sseEvents(chunks)) : ollamaDeltas(ndjsonValues(chunks));
      const finish = yield* structured ? jsonAsQuotedText(deltas) : deltas;
      const density = charsPerToken(request.messages, finish.inputTokens);
      if (density) this.density = { model: server.model, charsPerToken: density };
      // A cancel ends the body like a finished answer would.
      return request.signal.aborted ? { finishReason: 'cancelled' } : finish;
    } catch (error) {
      if (request.signal.aborted) return { finishReason: 'cancelled' };
      throw this.explain(error);
    } finally {
      stop.abort();
    }
  }

  contextInfo(): ContextInfo {
    const { server } = this.config;
    if (!server) return {};
    const tokens = this.window?.key === windowKey(server) ? this.window.tokens : undefined;
    return {
      ...(tokens && { contextWindow: tokens }),
      ...(this.density?.model === server.model && { charsPerToken: this.density.charsPerToken }),
    };
  }

  /** Ranks a page's passages by meaning with the server's embedding model, when it has one. */
  embedder(): Embedder | undefined {
    const { server } = this.config;
    const model = this.embeddingModel;
    if (!server || !model) return undefined;
    const key = JSON.stringify([server.address, server.kind, model, this.config.apiKey]);
    if (this.embedding?.key !== key) {
      const chat = this.access(server);
      // Errors name the embedding model, not the chat model.
      const access = { ...chat, context: { ...chat.context, model } };
      const label = `${model} on ${serverHost(server.address)}`;
      this.embedding = { key, embedder: { label, embed: serverEmbedder(access, server.kind, model) } };
    }
    return this.embedding.embedder;
  }

  private access(server: ServerSettings): ServerAccess {
    return {
      address: server.address,
      ...(this.config.apiKey && { apiKey: this.config.apiKey }),
      ...(this.options.fetch && { fetch: this.options.fetch }),
      context: {
        label: this.label,
        origin: new URL(server.address).origin,
        kind: server.kind,
        model: server.model,
        extensionOrigin: this.options.extensionOrigin,
      },
    };
  }

  private explain(error: unknown): InklingError {
    if (error instanceof InklingError) return error;
    const { label } = this;
    if (error instanceof StalledStreamError) {
      return new InklingError(
        'engine-failed',
        `${label} stopped sending: nothing came for ${Math.round(error.stallMs / 1000)} seconds. ` +
          'What it wrote is kept; send again to retry.',
      );
    }
    if (error instanceof ServerStreamError || error instanceof MalformedStreamError) {
      if (/context/i.test(error.message)) {
        return new InklingError(
          'input-too-large',
          'This conversation is too long for the model’s context on the server. Shorten it or start a new chat.',
        );
      }
      return new InklingError('engine-failed', `${label} reported an error: ${error.message}`);
    }
    return new InklingError('engine-failed', `The connection to ${label} was lost: ${errorMessage(error)}`);
  }
}

const windowKey = (server: ServerSettings) => JSON.stringify([server.address, server.kind, server.model]);
