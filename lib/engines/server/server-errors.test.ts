import { describe, expect, test } from 'vitest';
import { InklingError } from '../../contracts/errors';
import { responseError, retryIn, unreachableError, type ServerContext } from './server-errors';

const context: ServerContext = {
  label: 'Your server on gpu-box.lan',
  origin: 'http://gpu-box.lan:11434',
  kind: 'ollama',
  model: 'qwen3:8b',
  extensionOrigin: 'chrome-extension://abcdefghijklmnop',
};

const answer = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  responseError(new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers }), context);

describe('what went wrong with the server, in plain words', () => {
  test('cannot connect: is it running, is the address right', () => {
    expect(unreachableError(context, false)).toEqual(
      new InklingError(
        'engine-failed',
        'Cannot connect to http://gpu-box.lan:11434. Is the server running, and is the address right?',
      ),
    );
  });

  test('refused by CORS or 403: how to let Ollama allow the extension', async () => {
    const refused = unreachableError(context, true);
    expect(refused.code).toBe('not-allowed');
    expect(refused.message).toContain('refused Inkling’s requests (CORS or 403)');
    expect(refused.message).toContain('set OLLAMA_ORIGINS=chrome-extension://abcdefghijklmnop');
    expect(await answer(403, '')).toEqual(refused);
    // An OpenAI-compatible server is not told about Ollama's switch.
    expect(unreachableError({ ...context, kind: 'openai' }, true).message).not.toContain('OLLAMA_ORIGINS');
  });

  test('401: the key', async () => {
    expect(await answer(401, { error: { message: 'Invalid API Key' } })).toEqual(
      new InklingError(
        'not-allowed',
        'Your server on gpu-box.lan refused the API key (401). Check the key in Inkling’s options.',
      ),
    );
  });

  test('model not found, in Ollama’s words and OpenAI’s', async () => {
    const missing = new InklingError(
      'not-found',
      'Your server on gpu-box.lan has no model “qwen3:8b”. Pick one of its models in Inkling’s options.',
    );
    expect(await answer(404, { error: "model 'qwen3:8b' not found" })).toEqual(missing);
    expect(await answer(404, { error: { message: 'The model `qwen3:8b` does not exist.' } })).toEqual(missing);
  });

  test('busy: 429 and 503 with the server’s retry time, in seconds or as a date', async () => {
    expect((await answer(429, { error: 'slow down' }, { 'retry-after': '20' })).message).toBe(
      'Your server on gpu-box.lan is busy; it asks to try again in 20 seconds.',
    );
    expect((await answer(503, 'Loading model')).message).toBe(
      'Your server on gpu-box.lan is busy; try again in a moment.',
    );
    expect(retryIn(new Date(Date.UTC(2026, 0, 1, 0, 0, 5)).toUTCString(), Date.UTC(2026, 0, 1))).toBe(
      '; it asks to try again in 5 seconds',
    );
    expect((await answer(503, '')).code).toBe('busy');
  });

  test('a context too small for the input, with its size when the server gives it', async () => {
    const error = await answer(400, {
      error: { code: 400, message: 'the request exceeds the available context size', n_ctx: 4096 },
    });
    expect(error.code).toBe('input-too-large');
    expect(error.message).toBe(
      'This conversation is too long for the model’s context on the server (4096 tokens). ' +
        'Shorten it, start a new chat, or give the model a larger context on the server.',
    );
  });

  test('anything else names the status and the server’s words', async () => {
    expect((await answer(500, { error: { message: 'CUDA out of memory' } })).message).toBe(
      'Your server on gpu-box.lan answered 500: CUDA out of memory',
    );
  });
});
