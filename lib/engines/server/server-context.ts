import * as v from 'valibot';
import type { ServerKind } from '../../settings/settings';
import { endpoint, normalizeAddress, serverFetch, type ServerAccess } from './server-api';

const Tokens = v.pipe(v.number(), v.integer(), v.minValue(1));
// vLLM lists each model's context: https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html
const VllmModels = v.object({ data: v.array(v.object({ id: v.string(), max_model_len: v.optional(Tokens) })) });
// llama.cpp's server: https://github.com/ggml-org/llama.cpp/blob/master/tools/server/README.md (GET /props)
const LlamaCppProps = v.object({ default_generation_settings: v.object({ n_ctx: Tokens }) });

/**
 * The context a model has on the user's server, where the server says: vLLM's `max_model_len` in
 * its model list, llama.cpp's `n_ctx` (per slot) in `/props`. Ollama's is not said before a request
 * (it depends on its version, its settings and the machine's memory), so none is claimed for it.
 */
export async function serverContextWindow(
  access: ServerAccess,
  kind: ServerKind,
  model: string,
  signal: AbortSignal,
): Promise<number | undefined> {
  if (kind !== 'openai') return undefined;
  const read = async (url: string) => {
    const response = await serverFetch(access, url, { signal }, [404]);
    return response.ok ? ((await response.json()) as unknown) : undefined;
  };
  const listed = v.safeParse(VllmModels, await read(endpoint(access.address, kind, 'models')));
  const length = listed.success ? listed.output.data.find(({ id }) => id === model)?.max_model_len : undefined;
  if (length) return length;
  const props = v.safeParse(
    LlamaCppProps,
    await read(`${normalizeAddress(access.address).replace(/\/v1$/, '')}/props`),
  );
  return props.success ? props.output.default_generation_settings.n_ctx : undefined;
}
