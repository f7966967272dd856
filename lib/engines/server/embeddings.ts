import * as v from 'valibot';
import type { Embed } from '../../context/semantic';
import type { ServerKind } from '../../settings/settings';
import { endpoint, serverFetch, type ServerAccess } from './server-api';

/**
 * The usual names of embedding models on Ollama and OpenAI-compatible servers (nomic-embed-text,
 * mxbai-embed-large, bge-m3, all-minilm, snowflake-arctic-embed, e5, gte): a chat model's own
 * embeddings rank passages poorly, so only a model made for it is used.
 */
const EMBEDDING_MODEL = /embed|\bbge\b|bge-|minilm|\be5\b|e5-|\bgte\b|gte-|arctic/i;

export function embeddingModelOf(models: readonly string[]): string | undefined {
  return models.find((model) => EMBEDDING_MODEL.test(model));
}

/** Texts per request: a server embeds a batch at once, and a deadline loses at most one. */
const BATCH = 32;

/** About 12 MB of 768-dimension vectors: the passages of several long pages, kept between questions. */
const MAX_CACHED = 4_000;

// https://github.com/ollama/ollama/blob/main/docs/api.md#generate-embeddings
const OllamaEmbeddings = v.object({ embeddings: v.array(v.array(v.number())) });
// https://platform.openai.com/docs/api-reference/embeddings/create
const OpenAiEmbeddings = v.object({
  data: v.array(v.object({ index: v.number(), embedding: v.array(v.number()) })),
});

/**
 * Embeds texts with `model` on the user's server, in batches, keeping each vector: a follow-up
 * question about the same page embeds only itself, and a deadline cut short keeps what came.
 */
export function serverEmbedder(access: ServerAccess, kind: ServerKind, model: string): Embed {
  const cache = new Map<string, Float32Array>();
  const url = endpoint(access.address, kind, 'embed');
  return async (texts, signal) => {
    // This call's own, safe from the cache's eviction while it runs.
    const found = new Map(texts.flatMap((text) => (cache.has(text) ? [[text, cache.get(text)!] as const] : [])));
    const missing = [...new Set(texts)].filter((text) => !found.has(text));
    for (let at = 0; at < missing.length; at += BATCH) {
      const batch = missing.slice(at, at + BATCH);
      const init = { method: 'POST', body: JSON.stringify({ model, input: batch }), signal };
      const body: unknown = await (await serverFetch(access, url, init)).json();
      const vectors =
        kind === 'ollama'
          ? v.parse(OllamaEmbeddings, body).embeddings
          : v
              .parse(OpenAiEmbeddings, body)
              .data.sort((a, b) => a.index - b.index)
              .map(({ embedding }) => embedding);
      if (vectors.length !== batch.length)
        throw new Error(`${model} gave ${vectors.length} vectors for ${batch.length} texts.`);
      batch.forEach((text, i) => {
        const vector = Float32Array.from(vectors[i]!);
        found.set(text, vector);
        cache.set(text, vector);
      });
      for (const oldest of cache.keys()) {
        if (cache.size <= MAX_CACHED) break;
        cache.delete(oldest);
      }
    }
    return texts.map((text) => [...found.get(text)!]);
  };
}
