import { InklingError } from '../../contracts/errors';
import type { ServerKind } from '../../settings/settings';
import { responseError, unreachableError, type ServerContext } from './server-errors';

/** How to reach the user's server: its address as typed, and the key that only it may see. */
export interface ServerAccess {
  address: string;
  apiKey?: string;
  context: ServerContext;
  fetch?: typeof fetch;
}

export interface ServerFound {
  kind: ServerKind;
  models: string[];
}

/** The address without a trailing slash: `http://gpu-box.lan:8000/v1`. */
export function normalizeAddress(address: string): string {
  return address.trim().replace(/\/+$/, '');
}

export function serverHost(address: string): string {
  return new URL(address).hostname;
}

const ENDPOINTS = {
  openai: { models: '/models', chat: '/chat/completions', embed: '/embeddings' },
  ollama: { models: '/api/tags', chat: '/api/chat', embed: '/api/embed' },
} as const satisfies Record<ServerKind, Record<'models' | 'chat' | 'embed', string>>;

/** Where a kind's endpoint is: OpenAI's below `/v1` (added when the address lacks it), Ollama's at the root. */
export function endpoint(address: string, kind: ServerKind, what: keyof (typeof ENDPOINTS)['openai']): string {
  const base = normalizeAddress(address);
  if (kind === 'openai') return `${/\/v1$/.test(base) ? base : `${base}/v1`}${ENDPOINTS.openai[what]}`;
  return `${base.replace(/\/v1$/, '')}${ENDPOINTS.ollama[what]}`;
}

/**
 * A request to the server, and only to it: a URL of another origin is refused before anything is
 * sent, redirects are refused (they could carry the conversation elsewhere), and the key goes only
 * in this request's header. Error statuses and failed connections become plain-word InklingErrors.
 */
export async function serverFetch(
  access: ServerAccess,
  url: string,
  init: RequestInit = {},
  /** Error statuses the caller handles itself: the response is given back, not turned into an error. */
  handled: readonly number[] = [],
): Promise<Response> {
  const origin = new URL(normalizeAddress(access.address)).origin;
  if (new URL(url).origin !== origin) throw new Error(`Refused to send a request to another origin than ${origin}.`);
  const doFetch = access.fetch ?? fetch;
  let response: Response;
  try {
    response = await doFetch(url, {
      ...init,
      redirect: 'error',
      credentials: 'omit',
      headers: {
        ...(init.body !== undefined && { 'content-type': 'application/json' }),
        ...(access.apiKey && { authorization: `Bearer ${access.apiKey}` }),
      },
    });
  } catch (error) {
    if (init.signal?.aborted) throw error;
    // A server that is there but refuses the extension (CORS) fails like one that is not there;
    // an opaque request tells them apart, and carries neither the key nor any text.
    const reachable = await doFetch(`${origin}/`, { mode: 'no-cors', credentials: 'omit', redirect: 'manual' }).then(
      () => true,
      () => false,
    );
    throw unreachableError(access.context, reachable);
  }
  if (!response.ok && !handled.includes(response.status)) throw await responseError(response, access.context);
  return response;
}

/** What the server is, from what it answers: Ollama's `/api/tags` first, then OpenAI's `/v1/models`. */
export async function detectServer(access: ServerAccess, signal: AbortSignal): Promise<ServerFound> {
  const kinds: ServerKind[] = /\/v1$/.test(normalizeAddress(access.address)) ? ['openai'] : ['ollama', 'openai'];
  let failure: unknown;
  for (const kind of kinds) {
    try {
      return { kind, models: await listModels(access, kind, signal) };
    } catch (error) {
      if (signal.aborted) throw error;
      // The first answer that is not "no such endpoint" says most about what is wrong.
      if (!(failure && error instanceof NotThisKindError)) failure = error;
    }
  }
  if (!(failure instanceof NotThisKindError)) throw failure;
  throw new InklingError(
    'not-found',
    `No Ollama or OpenAI-compatible server answers at ${normalizeAddress(access.address)}. ` +
      'Check the address (an OpenAI-compatible one often ends in /v1).',
  );
}

class NotThisKindError extends Error {}

export async function listModels(access: ServerAccess, kind: ServerKind, signal: AbortSignal): Promise<string[]> {
  // A list names no model: a 404 here means no such endpoint, not a missing model.
  const listing = { ...access, context: { ...access.context, model: undefined } };
  const response = await serverFetch(listing, endpoint(access.address, kind, 'models'), { signal }).catch(
    (error: unknown) => {
      if (error instanceof InklingError && / answered 404/.test(error.message))
        throw new NotThisKindError(error.message);
      throw error;
    },
  );
  const body = (await response.json().catch(() => undefined)) as
    | { data?: { id?: unknown }[]; models?: { name?: unknown }[] }
    | undefined;
  const names = kind === 'openai' ? body?.data?.map((model) => model.id) : body?.models?.map((model) => model.name);
  if (!Array.isArray(names)) throw new NotThisKindError(`No ${kind} model list at this address.`);
  return names.filter((name): name is string => typeof name === 'string');
}
