import type {
  AppConfig,
  ChatCompletionChunk,
  ChatCompletionRequestStreaming,
  MLCEngineConfig,
  MLCEngineInterface,
} from '@mlc-ai/web-llm';

/**
 * The part of web-llm's `MLCEngine` this engine uses. Not `MLCEngine` itself: it and its `chat` have
 * private members, which TypeScript compares by declaration, so no fake could ever match them.
 */
export type WebLlmEngineApi = Pick<MLCEngineInterface, 'reload' | 'unload' | 'interruptGenerate'> & {
  chat: {
    completions: { create(request: ChatCompletionRequestStreaming): Promise<AsyncIterable<ChatCompletionChunk>> };
  };
};

/** The part of the `@mlc-ai/web-llm` module this engine uses; the real module fits it (checked below). */
export interface WebLlmModule {
  MLCEngine: new (engineConfig?: MLCEngineConfig) => WebLlmEngineApi;
  prebuiltAppConfig: AppConfig;
  hasModelInCache: (modelId: string, appConfig?: AppConfig) => Promise<boolean>;
}

type RealWebLlm = Pick<typeof import('@mlc-ai/web-llm'), 'MLCEngine' | 'prebuiltAppConfig' | 'hasModelInCache'>;
type Assert<T extends true> = T;
/**
 * Fails to compile if a web-llm update stops fitting `WebLlmModule`, so `() => import('@mlc-ai/web-llm')` can be
 * passed.
 */
export type RealWebLlmFits = Assert<RealWebLlm extends WebLlmModule ? true : false>;

export async function isCached(webllm: WebLlmModule, modelId: string): Promise<boolean> {
  try {
    return await webllm.hasModelInCache(modelId, webllm.prebuiltAppConfig);
  } catch {
    // Storage that cannot be read is storage to download into.
    return false;
  }
}
