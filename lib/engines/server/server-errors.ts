import { InklingError } from '../../contracts/errors';
import type { ServerKind } from '../../settings/settings';
import { errorText } from './protocol-types';

/** Who is asked, for messages that name the server and say what to do. */
export interface ServerContext {
  /** "Your server on gpu-box.lan" */
  label: string;
  origin: string;
  kind?: ServerKind;
  model?: string;
  /** `chrome-extension://…`, the origin Ollama must allow. */
  extensionOrigin: string;
}

/** What went wrong when the server answered with an error status, in words a user can act on. */
export async function responseError(response: Response, context: ServerContext): Promise<InklingError> {
  const body = await response.text().catch(() => '');
  const detail = serverWords(body);
  const { label, model } = context;
  switch (response.status) {
    case 401:
      return new InklingError('not-allowed', `${label} refused the API key (401). Check the key in Inkling’s options.`);
    case 403:
      return refusedError(context);
    case 404:
      if (model && /model/i.test(detail))
        return new InklingError(
          'not-found',
          `${label} has no model “${model}”. Pick one of its models in Inkling’s options.`,
        );
      break;
    case 429:
    case 503:
      return new InklingError('busy', `${label} is busy${retryIn(response.headers.get('retry-after'))}.`);
  }
  if ((response.status === 400 || response.status === 413) && /context|too long|exceed/i.test(detail)) {
    const size = /"n_ctx"\s*:\s*(\d+)/.exec(body)?.[1];
    return new InklingError(
      'input-too-large',
      `This conversation is too long for the model’s context on the server${size ? ` (${size} tokens)` : ''}. ` +
        'Shorten it, start a new chat, or give the model a larger context on the server.',
    );
  }
  return new InklingError('engine-failed', `${label} answered ${response.status}${detail ? `: ${detail}` : '.'}`);
}

/** A fetch that failed outright: the server is not there, or it answered but refused the extension. */
export function unreachableError(context: ServerContext, reachable: boolean): InklingError {
  if (reachable) return refusedError(context);
  return new InklingError(
    'engine-failed',
    `Cannot connect to ${context.origin}. Is the server running, and is the address right?`,
  );
}

function refusedError({ label, kind, extensionOrigin }: ServerContext): InklingError {
  const ollama =
    kind === 'openai'
      ? ''
      : ` For Ollama, allow Inkling’s origin: set OLLAMA_ORIGINS=${extensionOrigin} where Ollama runs and restart it.`;
  return new InklingError(
    'not-allowed',
    `${label} refused Inkling’s requests (CORS or 403).${ollama} Saving the server again in Inkling’s options ` +
      'asks the browser for access to it.',
  );
}

/** The server's own words, from a JSON `error` or the plain text. */
function serverWords(body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: unknown; message?: unknown };
    return errorText(parsed.error ?? parsed.message ?? '').slice(0, 300);
  } catch {
    return body.trim().slice(0, 300);
  }
}

/** `Retry-After` in seconds or as a date, as words: ", try again in 20 seconds". */
export function retryIn(header: string | null, now = Date.now()): string {
  if (!header) return '; try again in a moment';
  const seconds = /^\d+$/.test(header.trim()) ? Number(header) : Math.ceil((Date.parse(header) - now) / 1000);
  if (!Number.isFinite(seconds) || seconds <= 0) return '; try again in a moment';
  return `; it asks to try again in ${seconds} second${seconds === 1 ? '' : 's'}`;
}
