import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_CHARS } from './engine';
import { parseClientMessage, parseServerMessage, type Parsed } from './protocol';

const user = (content: string) => ({ role: 'user', content });

function start(overrides: Record<string, unknown> = {}) {
  return { type: 'start', id: 'req-1', messages: [user('Hello')], options: {}, ...overrides };
}

/** The error of a parse that must fail. */
function failure<T>(parsed: Parsed<T>): { error: string; id?: string } {
  if (parsed.ok) throw new Error(`expected the message to be refused, got ${JSON.stringify(parsed.message)}`);
  return parsed;
}

describe('parseClientMessage: valid messages', () => {
  it('accepts a minimal start', () => {
    const parsed = parseClientMessage(start());
    expect(parsed).toEqual({ ok: true, message: start() });
  });

  it('accepts a start with a system prompt, history, conversation id and every option', () => {
    const message = start({
      messages: [
        { role: 'system', content: 'Be brief.' },
        user('Hi'),
        { role: 'assistant', content: 'Hello!' },
        user('How are you?'),
      ],
      conversationId: 'conv-1',
      options: { maxTokens: 256, temperature: 0.7, topK: 40, language: 'en-US', deltaIntervalMs: 0 },
    });
    expect(parseClientMessage(message)).toEqual({ ok: true, message });
  });

  it('accepts a message of exactly the maximum length', () => {
    const parsed = parseClientMessage(start({ messages: [user('x'.repeat(MAX_MESSAGE_CHARS))] }));
    expect(parsed.ok).toBe(true);
  });

  it('accepts cancel, status, prepare and cancel-prepare', () => {
    for (const message of [
      { type: 'cancel', id: 'req-1' },
      { type: 'status', refresh: false },
      { type: 'status', refresh: true },
      { type: 'prepare' },
      { type: 'cancel-prepare' },
    ]) {
      expect(parseClientMessage(message), JSON.stringify(message)).toEqual({ ok: true, message });
    }
  });

  it('drops unknown keys', () => {
    const parsed = parseClientMessage({ type: 'prepare', extra: 1 });
    expect(parsed).toEqual({ ok: true, message: { type: 'prepare' } });
  });

  it('accepts the boundary values of the options', () => {
    for (const options of [
      { maxTokens: 1 },
      { maxTokens: 32_768 },
      { temperature: 0 },
      { topK: 1000 },
      { deltaIntervalMs: 250 },
      { language: 'zh-Hant-TW' },
    ]) {
      expect(parseClientMessage(start({ options })).ok, JSON.stringify(options)).toBe(true);
    }
  });
});

describe('parseClientMessage: refused messages', () => {
  it('a start without id, with a readable error naming the field', () => {
    const { error, id } = failure(parseClientMessage(start({ id: undefined })));
    expect(id).toBeUndefined();
    expect(error).toMatch(/^id: /);
    expect(error).toMatch(/string/i);
  });

  it('a cancel without id', () => {
    const { error, id } = failure(parseClientMessage({ type: 'cancel' }));
    expect(id).toBeUndefined();
    expect(error).toMatch(/^id: /);
  });

  it('an empty id, or one longer than 100 characters', () => {
    expect(failure(parseClientMessage(start({ id: '' }))).error).toMatch(/^id: /);
    const long = 'x'.repeat(101);
    const refused = failure(parseClientMessage(start({ id: long })));
    expect(refused.error).toMatch(/^id: /);
    expect(refused.id).toBe(long);
  });

  it('an id of the wrong type, which is not echoed back', () => {
    const { error, id } = failure(parseClientMessage(start({ id: 42 })));
    expect(id).toBeUndefined();
    expect(error).toBe('id: Invalid type: Expected string but received 42');
  });

  it('a type of the wrong kind', () => {
    const { error, id } = failure(parseClientMessage({ type: 7, id: 'req-9' }));
    expect(error).toMatch(/^type: /);
    expect(id).toBe('req-9');
  });

  it('an unknown type, keeping the id', () => {
    const { error, id } = failure(parseClientMessage({ type: 'explode', id: 'req-2' }));
    expect(id).toBe('req-2');
    expect(error).toMatch(/^type: /);
    expect(error).toContain('"explode"');
  });

  it('a message without type', () => {
    const { error } = failure(parseClientMessage({ id: 'req-3' }));
    expect(error).toMatch(/^type: /);
  });

  it('a conversation whose last message is not the user’s, keeping the id', () => {
    const { error, id } = failure(
      parseClientMessage(start({ messages: [user('Hi'), { role: 'assistant', content: 'Hello' }] })),
    );
    expect(id).toBe('req-1');
    expect(error).toBe('messages: The last message must be the user’s.');
  });

  it('an empty or blank user message', () => {
    for (const content of ['', '   \n\t ']) {
      const { error, id } = failure(parseClientMessage(start({ messages: [user(content)] })));
      expect(id).toBe('req-1');
      expect(error).toBe('messages: The message is empty.');
    }
  });

  it('an empty conversation', () => {
    const { error } = failure(parseClientMessage(start({ messages: [] })));
    expect(error).toBe('messages: There is nothing to send.');
  });

  it('a conversation of more than 1000 messages', () => {
    const messages = Array.from({ length: 1001 }, () => user('hi'));
    const { error } = failure(parseClientMessage(start({ messages })));
    expect(error).toBe('messages: A conversation may hold at most 1000 messages.');
  });

  it('a system prompt that is not first', () => {
    const { error, id } = failure(
      parseClientMessage(start({ messages: [user('Hi'), { role: 'system', content: 'Be brief.' }, user('Again')] })),
    );
    expect(id).toBe('req-1');
    expect(error).toBe('messages: Only the first message may be a system prompt.');
  });

  it('an unknown role', () => {
    const { error } = failure(parseClientMessage(start({ messages: [{ role: 'tool', content: 'x' }, user('Hi')] })));
    expect(error).toMatch(/^messages\.0\.role: /);
  });

  it('a message of too many characters', () => {
    const { error, id } = failure(parseClientMessage(start({ messages: [user('x'.repeat(MAX_MESSAGE_CHARS + 1))] })));
    expect(id).toBe('req-1');
    expect(error).toBe('messages.0.content: A message may hold at most 1,000,000 characters.');
  });

  it('a content that is not a string', () => {
    const { error } = failure(parseClientMessage(start({ messages: [{ role: 'user', content: 5 }] })));
    expect(error).toMatch(/^messages\.0\.content: /);
  });

  it('maxTokens that is not an integer', () => {
    const { error, id } = failure(parseClientMessage(start({ options: { maxTokens: 10.5 } })));
    expect(id).toBe('req-1');
    expect(error).toMatch(/^options\.maxTokens: /);
    expect(error).toMatch(/integer/i);
  });

  it('maxTokens out of range', () => {
    for (const maxTokens of [0, -1, 32_769]) {
      const { error } = failure(parseClientMessage(start({ options: { maxTokens } })));
      expect(error, String(maxTokens)).toMatch(/^options\.maxTokens: /);
    }
  });

  it('maxTokens that is not a number', () => {
    expect(failure(parseClientMessage(start({ options: { maxTokens: '10' } }))).error).toMatch(/^options\.maxTokens: /);
    expect(failure(parseClientMessage(start({ options: { maxTokens: Number.NaN } }))).error).toMatch(
      /^options\.maxTokens: /,
    );
  });

  it('other options out of range', () => {
    expect(failure(parseClientMessage(start({ options: { temperature: 11 } }))).error).toMatch(
      /^options\.temperature: /,
    );
    expect(failure(parseClientMessage(start({ options: { topK: 0 } }))).error).toMatch(/^options\.topK: /);
    expect(failure(parseClientMessage(start({ options: { topK: 2.5 } }))).error).toMatch(/^options\.topK: /);
    expect(failure(parseClientMessage(start({ options: { deltaIntervalMs: -1 } }))).error).toMatch(
      /^options\.deltaIntervalMs: /,
    );
    expect(failure(parseClientMessage(start({ options: { deltaIntervalMs: 251 } }))).error).toMatch(
      /^options\.deltaIntervalMs: /,
    );
  });

  it('a bad language code', () => {
    for (const language of ['english', 'e', 'en_US', 'en-', '12']) {
      const { error, id } = failure(parseClientMessage(start({ options: { language } })));
      expect(id).toBe('req-1');
      expect(error, language).toBe('options.language: The language must be a BCP 47 code such as "en".');
    }
  });

  it('a start without options', () => {
    const { error } = failure(parseClientMessage(start({ options: undefined })));
    expect(error).toMatch(/^options: /);
  });

  it('a status without refresh', () => {
    const { error } = failure(parseClientMessage({ type: 'status' }));
    expect(error).toMatch(/^refresh: /);
  });

  it.each([
    ['null', null],
    ['undefined', undefined],
    ['a string', 'start'],
    ['a number', 42],
    ['an array', [start()]],
  ])('non-object data: %s', (_label, data) => {
    const parsed = parseClientMessage(data);
    const { error, id } = failure(parsed);
    expect(id).toBeUndefined();
    expect(typeof error).toBe('string');
    expect(error.length).toBeGreaterThan(0);
    expect(error).not.toContain('undefined:');
  });
});

describe('parseServerMessage', () => {
  const result = {
    text: 'Hi',
    engine: 'builtin',
    engineLabel: 'Gemini Nano',
    model: 'gemini-nano',
    finishReason: 'stop',
    tokensUsed: 1,
    tokensEstimated: true,
    timeToFirstTokenMs: 5,
    latencyMs: 10,
    tokensPerSecond: 100,
  };

  it('accepts delta, done, error and engine-status', () => {
    for (const message of [
      { type: 'delta', id: 'a', text: 'x' },
      { type: 'done', id: 'a', result },
      { type: 'error', code: 'no-engine', message: 'none' },
      { type: 'error', id: 'a', code: 'engine-failed', message: 'boom' },
      {
        type: 'engine-status',
        status: {
          active: { id: 'builtin', label: 'Gemini Nano', model: 'gemini-nano' },
          engines: [
            { id: 'builtin', label: 'Gemini Nano', model: 'gemini-nano', availability: { state: 'available' } },
          ],
        },
      },
    ]) {
      expect(parseServerMessage(message), JSON.stringify(message)).toEqual({ ok: true, message });
    }
  });

  it('refuses an unknown error code, keeping the id', () => {
    const { error, id } = failure(parseServerMessage({ type: 'error', id: 'a', code: 'oops', message: 'x' }));
    expect(id).toBe('a');
    expect(error).toMatch(/^code: /);
  });

  it('refuses a result with a bad finish reason', () => {
    const { error, id } = failure(
      parseServerMessage({ type: 'done', id: 'a', result: { ...result, finishReason: 'maybe' } }),
    );
    expect(id).toBe('a');
    expect(error).toMatch(/^result\.finishReason: /);
  });
});
