import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  fakeReply,
  fakeTokens,
  installFakeLanguageModel,
  type FakeLanguageModel,
} from '../../tests/fakes/fake-language-model';
import { InklingError } from '../contracts/errors';
import { BuiltinEngine, FIREFOX_HAS_NO_BUILTIN } from './builtin';
import { builtinError } from './builtin-errors';
import type { ChatMessage, EngineFinish, PrepareProgress } from '../contracts/engine';
import type { EngineRequest } from './engine';
import { estimateTokens } from './estimate-tokens';
import { collect } from '../../tests/unit/streams';

const SYSTEM: ChatMessage = { role: 'system', content: 'You are a terse assistant.' };
const user = (content: string): ChatMessage => ({ role: 'user', content });
const assistant = (content: string): ChatMessage => ({ role: 'assistant', content });

function ask(messages: ChatMessage[], extra: Partial<Omit<EngineRequest, 'messages'>> = {}): EngineRequest {
  return { messages, options: {}, signal: new AbortController().signal, ...extra };
}

/** Reads a stream that is expected to fail, returning the text shown before the failure and the error. */
async function collectFailure(
  stream: AsyncGenerator<string, EngineFinish, undefined>,
): Promise<{ text: string; error: unknown }> {
  let text = '';
  try {
    for (;;) {
      const step = await stream.next();
      if (step.done) throw new Error(`The stream ended (${step.value.finishReason}) instead of failing.`);
      text += step.value;
    }
  } catch (error) {
    return { text, error };
  }
}

/** What the fake answers to `input` in a session holding `history` (its system prompt and turns). */
const replyTo = (history: ChatMessage[], input: string, fillerWords = 12) => fakeReply(history, input, fillerWords);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Makes the fake follow the spec where it does not: aborting the signal given to create() after the
 * session exists destroys the session (webmachinelearning/prompt-api README, "Session destruction").
 */
function destroySessionsWhenCreateSignalAborts(fake: FakeLanguageModel) {
  const create = fake.api.create.bind(fake.api);
  vi.spyOn(fake.api, 'create').mockImplementation(async (options) => {
    const session = await create(options);
    options?.signal?.addEventListener('abort', () => session.destroy(), { once: true });
    return session;
  });
}

afterEach(() => {
  vi.restoreAllMocks();
  delete (globalThis as { LanguageModel?: unknown }).LanguageModel;
});

describe('BuiltinEngine availability', () => {
  it('reports available when Chrome has the model', async () => {
    installFakeLanguageModel();
    expect(await new BuiltinEngine().availability({})).toEqual({ state: 'available' });
  });

  it('reports an unavailable model as unavailable with a reason and a remedy', async () => {
    const fake = installFakeLanguageModel();
    fake.setAvailability('unavailable');
    const availability = await new BuiltinEngine().availability({});
    expect(availability).toEqual({
      state: 'unavailable',
      reason: expect.stringContaining('not available'),
      remedy: expect.stringContaining('Chrome 138'),
    });
  });

  it('reports unavailable, not a crash, when the browser has no LanguageModel at all', async () => {
    expect('LanguageModel' in globalThis).toBe(false);
    const availability = await new BuiltinEngine().availability({});
    expect(availability).toEqual({
      state: 'unavailable',
      reason: 'This browser has no built-in Prompt API.',
      remedy: expect.stringContaining('chrome://on-device-internals'),
    });
  });

  it('says what it was told to, in a browser that has no built-in model at all (Firefox)', async () => {
    const availability = await new BuiltinEngine(FIREFOX_HAS_NO_BUILTIN).availability({});
    expect(availability).toEqual({
      state: 'unavailable',
      reason: expect.stringContaining('Firefox has no built-in model'),
      remedy: expect.stringContaining('CPU engine'),
    });
  });

  it('reports unavailable with what Chrome said when availability() throws', async () => {
    const fake = installFakeLanguageModel();
    vi.spyOn(fake.api, 'availability').mockRejectedValue(new DOMException('The service is gone.', 'UnknownError'));
    const availability = await new BuiltinEngine().availability({});
    expect(availability.state).toBe('unavailable');
    expect(availability).toMatchObject({
      reason: expect.stringContaining('The service is gone.'),
      remedy: expect.any(String),
    });
  });

  it('reports downloadable with what the download takes', async () => {
    installFakeLanguageModel({ availability: 'downloadable' });
    expect(await new BuiltinEngine().availability({})).toEqual({
      state: 'downloadable',
      detail: expect.stringContaining('download'),
    });
  });

  it('reports downloading while Chrome downloads', async () => {
    installFakeLanguageModel({ availability: 'downloading' });
    expect(await new BuiltinEngine().availability({})).toEqual({
      state: 'downloading',
      detail: expect.stringContaining('downloading'),
    });
  });

  it('reports an unsupported answer language as unavailable', async () => {
    installFakeLanguageModel({ supportedLanguages: ['en'] });
    const engine = new BuiltinEngine();
    expect((await engine.availability({ language: 'fr' })).state).toBe('unavailable');
    expect((await engine.availability({ language: 'en' })).state).toBe('available');
  });

  it('asks availability() with the same options it gives create() (languages and sampling)', async () => {
    const fake = installFakeLanguageModel();
    const availability = vi.spyOn(fake.api, 'availability');
    const create = vi.spyOn(fake.api, 'create');
    const engine = new BuiltinEngine();
    const options = { language: 'es', temperature: 0.5, topK: 4 };
    await engine.availability(options);
    await collect(engine.stream(ask([SYSTEM, user('Hola')], { options })));
    const asked = availability.mock.calls[0]![0]!;
    const created = create.mock.calls[0]![0]!;
    expect(asked).toEqual({
      expectedInputs: [{ type: 'text', languages: ['es'] }],
      expectedOutputs: [{ type: 'text', languages: ['es'] }],
      temperature: 0.5,
      topK: 4,
    });
    expect(created).toMatchObject(asked);
  });
});

describe('BuiltinEngine prepare', () => {
  it('reports download progress from 0 to 1, increasing, then can answer', async () => {
    const fake = installFakeLanguageModel({ availability: 'downloadable', downloadSteps: 4, downloadStepMs: 2 });
    const engine = new BuiltinEngine();
    const seen: PrepareProgress[] = [];
    await engine.prepare((progress) => seen.push(progress), new AbortController().signal);
    const values = seen.map((progress) => progress.progress);
    expect(values[0]).toBe(0);
    expect(values.at(-1)).toBe(1);
    expect(new Set(values).size).toBeGreaterThanOrEqual(4);
    values.forEach((value, index) => {
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThanOrEqual(1);
      if (index > 0) expect(value).toBeGreaterThanOrEqual(values[index - 1]!);
    });
    expect(seen.every((progress) => progress.phase.includes('Gemini Nano'))).toBe(true);
    expect(await engine.availability({})).toEqual({ state: 'available' });
    // The session made for the download is not kept.
    expect(fake.log.destroyed).toBe(1);
  });

  it('stops when its signal aborts, rejecting with an AbortError and reporting no completion', async () => {
    installFakeLanguageModel({ availability: 'downloadable', downloadSteps: 5, downloadStepMs: 5 });
    const controller = new AbortController();
    const seen: number[] = [];
    const preparing = new BuiltinEngine().prepare(({ progress }) => {
      seen.push(progress);
      if (progress > 0) controller.abort();
    }, controller.signal);
    await expect(preparing).rejects.toMatchObject({ name: 'AbortError' });
    expect(seen).not.toContain(1);
    await sleep(40);
    expect(seen).not.toContain(1);
  });

  it('rejects at once with an AbortError when already cancelled', async () => {
    const fake = installFakeLanguageModel({ availability: 'downloadable' });
    await expect(new BuiltinEngine().prepare(() => {}, AbortSignal.abort())).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(fake.log.creates).toHaveLength(0);
  });

  it('rejects with an InklingError when there is no Prompt API', async () => {
    await expect(new BuiltinEngine().prepare(() => {}, new AbortController().signal)).rejects.toMatchObject({
      name: 'InklingError',
      code: 'no-engine',
    });
  });

  it('rejects with an InklingError, not a raw DOMException, when Chrome refuses', async () => {
    installFakeLanguageModel({ availability: 'unavailable' });
    const failure = new BuiltinEngine().prepare(() => {}, new AbortController().signal);
    await expect(failure).rejects.toBeInstanceOf(InklingError);
  });
});

describe('BuiltinEngine conversations', () => {
  it('gives the system prompt and history to create() as initialPrompts and prompts only the new turn', async () => {
    const fake = installFakeLanguageModel();
    const history = [SYSTEM, user('My name is Ada.'), assistant('Hello Ada.')];
    const { text } = await collect(
      new BuiltinEngine().stream(ask([...history, user('What is my name?')], { conversationId: 'c1' })),
    );
    expect(fake.log.creates).toHaveLength(1);
    expect(fake.log.creates[0]!.initialPrompts).toEqual(history);
    expect(fake.log.prompts).toEqual([{ session: 1, input: 'What is my name?', history: 3 }]);
    // The model saw the earlier turn as context.
    expect(text).toBe(replyTo(history, 'What is my name?'));
    expect(text).toContain('Before that you said "My name is Ada."');
  });

  it('sends a request without a system prompt with just the history', async () => {
    const fake = installFakeLanguageModel();
    await collect(new BuiltinEngine().stream(ask([user('Hi')])));
    expect(fake.log.creates[0]!.initialPrompts).toEqual([]);
    expect(fake.log.prompts[0]!.input).toBe('Hi');
  });

  it('reuses the session for a follow-up in the same conversation and prompts only the new turn', async () => {
    const fake = installFakeLanguageModel();
    const engine = new BuiltinEngine();
    const first = [SYSTEM, user('One')];
    const answer1 = await collect(engine.stream(ask(first, { conversationId: 'c1' })));
    const second = [...first, assistant(answer1.text), user('Two')];
    const answer2 = await collect(engine.stream(ask(second, { conversationId: 'c1' })));
    expect(fake.log.creates).toHaveLength(1);
    expect(fake.log.prompts).toEqual([
      { session: 1, input: 'One', history: 1 },
      { session: 1, input: 'Two', history: 3 },
    ]);
    expect(answer2.text).toContain('Before that you said "One"');
    expect(fake.log.destroyed).toBe(0);
  });

  it('rebuilds the session from the stored turns after a service worker restart (a new engine)', async () => {
    const fake = installFakeLanguageModel();
    const first = [SYSTEM, user('One')];
    const answer1 = await collect(new BuiltinEngine().stream(ask(first, { conversationId: 'c1' })));
    const second = [...first, assistant(answer1.text), user('Two')];
    const answer2 = await collect(new BuiltinEngine().stream(ask(second, { conversationId: 'c1' })));
    expect(fake.log.creates).toHaveLength(2);
    expect(fake.log.creates[1]!.initialPrompts).toEqual([SYSTEM, user('One'), assistant(answer1.text)]);
    expect(fake.log.prompts[1]).toEqual({ session: 2, input: 'Two', history: 3 });
    expect(answer2.text).toBe(replyTo(second.slice(0, -1), 'Two'));
  });

  it('rebuilds the session when the history was edited', async () => {
    const fake = installFakeLanguageModel();
    const engine = new BuiltinEngine();
    const answer1 = await collect(engine.stream(ask([SYSTEM, user('One')], { conversationId: 'c1' })));
    const edited = [SYSTEM, user('One, edited'), assistant(answer1.text), user('Two')];
    const answer2 = await collect(engine.stream(ask(edited, { conversationId: 'c1' })));
    expect(fake.log.creates).toHaveLength(2);
    expect(fake.log.creates[1]!.initialPrompts).toEqual(edited.slice(0, -1));
    expect(fake.log.prompts[1]).toMatchObject({ session: 2, input: 'Two' });
    expect(answer2.text).toContain('Before that you said "One, edited"');
    // The old session is let go.
    expect(fake.log.destroyed).toBe(1);
  });

  it('rebuilds the session when the options change', async () => {
    const fake = installFakeLanguageModel();
    const engine = new BuiltinEngine();
    const answer1 = await collect(engine.stream(ask([SYSTEM, user('One')], { conversationId: 'c1' })));
    await collect(
      engine.stream(
        ask([SYSTEM, user('One'), assistant(answer1.text), user('Dos')], {
          conversationId: 'c1',
          options: { language: 'es' },
        }),
      ),
    );
    expect(fake.log.creates).toHaveLength(2);
    expect(fake.log.creates[1]!.languages).toEqual(['es']);
  });

  it('keeps separate sessions for separate conversations', async () => {
    const fake = installFakeLanguageModel();
    const engine = new BuiltinEngine();
    const a = await collect(engine.stream(ask([user('A1')], { conversationId: 'a' })));
    const b = await collect(engine.stream(ask([user('B1')], { conversationId: 'b' })));
    const a2 = await collect(engine.stream(ask([user('A1'), assistant(a.text), user('A2')], { conversationId: 'a' })));
    await collect(engine.stream(ask([user('B1'), assistant(b.text), user('B2')], { conversationId: 'b' })));
    expect(fake.log.creates).toHaveLength(2);
    expect(fake.log.prompts.map(({ session, input }) => [session, input])).toEqual([
      [1, 'A1'],
      [2, 'B1'],
      [1, 'A2'],
      [2, 'B2'],
    ]);
    expect(a2.text).toContain('Before that you said "A1"');
  });

  it('destroys the session of a request without a conversation id once it ends', async () => {
    const fake = installFakeLanguageModel();
    const engine = new BuiltinEngine();
    await collect(engine.stream(ask([user('Hi')])));
    expect(fake.log.destroyed).toBe(1);
    await collect(engine.stream(ask([user('Hi')])));
    expect(fake.log.creates).toHaveLength(2);
  });

  it('keeps the sessions of the four most recent conversations and rebuilds older ones', async () => {
    const fake = installFakeLanguageModel({ fillerWords: 0 });
    const engine = new BuiltinEngine();
    const answers = new Map<string, string>();
    for (const id of ['c1', 'c2', 'c3', 'c4', 'c5']) {
      answers.set(id, (await collect(engine.stream(ask([user(`first in ${id}`)], { conversationId: id })))).text);
    }
    expect(fake.log.destroyed).toBe(1);
    const followUp = (id: string) =>
      ask([user(`first in ${id}`), assistant(answers.get(id)!), user('again')], { conversationId: id });
    await collect(engine.stream(followUp('c5')));
    expect(fake.log.creates).toHaveLength(5);
    await collect(engine.stream(followUp('c1')));
    expect(fake.log.creates).toHaveLength(6);
    expect(fake.log.creates[5]!.initialPrompts[0]).toEqual(user('first in c1'));
  });

  it('refuses a request that does not end with a user message', async () => {
    const fake = installFakeLanguageModel();
    const failure = collect(new BuiltinEngine().stream(ask([SYSTEM, user('Hi'), assistant('Hello')])));
    await expect(failure).rejects.toMatchObject({ code: 'bad-request' });
    expect(fake.log.creates).toHaveLength(0);
  });

  it('fails with no-engine when the browser has no Prompt API', async () => {
    await expect(collect(new BuiltinEngine().stream(ask([user('Hi')])))).rejects.toMatchObject({
      name: 'InklingError',
      code: 'no-engine',
    });
  });
});

describe('BuiltinEngine streaming', () => {
  it('yields the answer as deltas in delta mode', async () => {
    installFakeLanguageModel({ chunkMode: 'delta' });
    const { chunks, text, finish } = await collect(new BuiltinEngine().stream(ask([SYSTEM, user('Hello')])));
    expect(text).toBe(replyTo([SYSTEM], 'Hello'));
    expect(chunks.length).toBeGreaterThan(10);
    expect(finish.finishReason).toBe('stop');
  });

  it('lets a finished answer complete in Chrome, without aborting it', async () => {
    const fake = installFakeLanguageModel({ chunkDelayMs: 1 });
    const { finish } = await collect(
      new BuiltinEngine().stream(ask([SYSTEM, user('Hello')], { conversationId: 'c1' })),
    );
    expect(finish.finishReason).toBe('stop');
    expect(fake.log.aborts).toBe(0);
    expect(fake.log.completed).toBe(1);
  });

  it('yields the same deltas when Chrome streams cumulative chunks', async () => {
    installFakeLanguageModel({ chunkMode: 'delta' });
    const deltas = await collect(new BuiltinEngine().stream(ask([SYSTEM, user('Hello')])));
    delete (globalThis as { LanguageModel?: unknown }).LanguageModel;
    installFakeLanguageModel({ chunkMode: 'cumulative' });
    const cumulative = await collect(new BuiltinEngine().stream(ask([SYSTEM, user('Hello')])));
    expect(cumulative.text).toBe(replyTo([SYSTEM], 'Hello'));
    expect(cumulative.chunks).toEqual(deltas.chunks);
    expect(cumulative.finish.finishReason).toBe('stop');
  });

  it('reports the input tokens and, for a finished answer, the output tokens from the context usage', async () => {
    installFakeLanguageModel();
    const { text, finish } = await collect(
      new BuiltinEngine().stream(ask([SYSTEM, user('Count me')], { conversationId: 'c1' })),
    );
    expect(finish.inputTokens).toBe(fakeTokens('Count me'));
    expect(finish.outputTokens).toBe(fakeTokens(text));
  });

  it('ends with finish reason length at maxTokens, and stops Chrome generating', async () => {
    const fake = installFakeLanguageModel({ chunkDelayMs: 1, fillerWords: 40 });
    const full = replyTo([SYSTEM], 'Talk');
    const { text, finish } = await collect(
      new BuiltinEngine().stream(ask([SYSTEM, user('Talk')], { options: { maxTokens: 5 } })),
    );
    expect(finish.finishReason).toBe('length');
    expect(full.startsWith(text)).toBe(true);
    expect(text.length).toBeLessThan(full.length);
    expect(estimateTokens(text)).toBeGreaterThanOrEqual(5);
    expect(fake.log.aborts).toBe(1);
    await sleep(20);
    expect(fake.log.completed).toBe(0);
  });

  it('does not remember a cut-off answer: the next request rebuilds with the text the user saw', async () => {
    const fake = installFakeLanguageModel({ chunkDelayMs: 1, fillerWords: 40 });
    const engine = new BuiltinEngine();
    const cut = await collect(
      engine.stream(ask([SYSTEM, user('Talk')], { conversationId: 'c1', options: { maxTokens: 5 } })),
    );
    await collect(
      engine.stream(ask([SYSTEM, user('Talk'), assistant(cut.text), user('Go on')], { conversationId: 'c1' })),
    );
    expect(fake.log.creates).toHaveLength(2);
    expect(fake.log.creates[1]!.initialPrompts).toEqual([SYSTEM, user('Talk'), assistant(cut.text)]);
  });
});

describe('BuiltinEngine cancelling', () => {
  it(
    'returns finish reason cancelled when the request signal aborts mid-stream, ' + 'and aborts Chrome’s stream',
    async () => {
      const fake = installFakeLanguageModel({ chunkDelayMs: 2 });
      const controller = new AbortController();
      const stream = new BuiltinEngine().stream(
        ask([SYSTEM, user('Hi')], { conversationId: 'c1', signal: controller.signal }),
      );
      const first = await stream.next();
      expect(first.done).toBe(false);
      controller.abort();
      const rest = await collect(stream);
      expect(rest.finish).toEqual({ finishReason: 'cancelled' });
      expect(rest.chunks).toEqual([]);
      expect(fake.log.aborts).toBe(1);
      await sleep(10);
      expect(fake.log.completed).toBe(0);
    },
  );

  it('sends nothing when the request was cancelled before it started', async () => {
    const fake = installFakeLanguageModel();
    const { finish, chunks } = await collect(
      new BuiltinEngine().stream(ask([SYSTEM, user('Hi')], { signal: AbortSignal.abort() })),
    );
    expect(finish).toEqual({ finishReason: 'cancelled' });
    expect(chunks).toEqual([]);
    expect(fake.log.prompts).toHaveLength(0);
  });

  it('does not remember a cancelled turn: a follow-up with the partial answer rebuilds the session', async () => {
    const fake = installFakeLanguageModel({ chunkDelayMs: 2 });
    const engine = new BuiltinEngine();
    const controller = new AbortController();
    const stream = engine.stream(ask([SYSTEM, user('One')], { conversationId: 'c1', signal: controller.signal }));
    const partial = ((await stream.next()).value as string) + ((await stream.next()).value as string);
    controller.abort();
    await collect(stream);
    const next = [SYSTEM, user('One'), assistant(partial), user('Two')];
    const answer = await collect(engine.stream(ask(next, { conversationId: 'c1' })));
    expect(fake.log.creates).toHaveLength(2);
    expect(fake.log.creates[1]!.initialPrompts).toEqual([SYSTEM, user('One'), assistant(partial)]);
    expect(fake.log.prompts.at(-1)).toEqual({ session: 2, input: 'Two', history: 3 });
    expect(answer.text).toBe(replyTo(next.slice(0, -1), 'Two'));
  });

  it('aborts Chrome’s stream when the consumer returns early (generator.return())', async () => {
    const fake = installFakeLanguageModel({ chunkDelayMs: 2 });
    const engine = new BuiltinEngine();
    const stream = engine.stream(ask([SYSTEM, user('Hi')], { conversationId: 'c1' }));
    await stream.next();
    const returned = await stream.return({ finishReason: 'cancelled' });
    expect(returned).toEqual({ done: true, value: { finishReason: 'cancelled' } });
    expect(fake.log.aborts).toBe(1);
    await sleep(10);
    expect(fake.log.completed).toBe(0);
    // The conversation is free again, and its session does not hold the abandoned turn.
    const again = await collect(engine.stream(ask([SYSTEM, user('Hi')], { conversationId: 'c1' })));
    expect(again.text).toBe(replyTo([SYSTEM], 'Hi'));
    expect(fake.log.prompts.at(-1)).toEqual({ session: 1, input: 'Hi', history: 1 });
  });

  it('still answers the next message of a conversation whose first answer was stopped before any text', async () => {
    // Chrome destroys a session when the signal given to create() aborts. The side panel leaves a
    // stopped answer with no text (and its question) out of the next request (lib/chat/turns.ts).
    const fake = installFakeLanguageModel({ chunkDelayMs: 15 });
    destroySessionsWhenCreateSignalAborts(fake);
    const engine = new BuiltinEngine();
    const controller = new AbortController();
    const stream = engine.stream(ask([SYSTEM, user('First')], { conversationId: 'c1', signal: controller.signal }));
    const pending = stream.next();
    await vi.waitFor(() => expect(fake.log.prompts).toHaveLength(1), { interval: 1, timeout: 500 });
    controller.abort();
    expect(await pending).toEqual({ done: true, value: { finishReason: 'cancelled' } });
    const answer = await collect(engine.stream(ask([SYSTEM, user('Second')], { conversationId: 'c1' })));
    expect(answer.text).toBe(replyTo([SYSTEM], 'Second'));
  });
});

describe('BuiltinEngine sampling options', () => {
  async function created(
    options: EngineRequest['options'],
    config: Parameters<typeof installFakeLanguageModel>[0] = {},
  ) {
    const fake = installFakeLanguageModel(config);
    const { text } = await collect(new BuiltinEngine().stream(ask([user('Hi')], { options })));
    expect(text).toBe(replyTo([], 'Hi'));
    const { temperature, topK } = fake.log.creates[0]!;
    return { temperature, topK };
  }

  it('gives neither temperature nor topK when neither is asked for', async () => {
    expect(await created({})).toEqual({ temperature: undefined, topK: undefined });
  });

  it('gives both when both are asked for', async () => {
    expect(await created({ temperature: 0.4, topK: 7 })).toEqual({ temperature: 0.4, topK: 7 });
  });

  it('fills topK from params() defaults when only temperature is asked for', async () => {
    expect(await created({ temperature: 0.3 })).toEqual({ temperature: 0.3, topK: 3 });
  });

  it('fills temperature from params() defaults when only topK is asked for', async () => {
    expect(await created({ topK: 9 })).toEqual({ temperature: 1, topK: 9 });
  });

  it('uses the browser’s own params(), not fixed numbers', async () => {
    const params = { defaultTopK: 8, maxTopK: 40, defaultTemperature: 0.7, maxTemperature: 1.5 };
    expect(await created({ temperature: 1.2 }, { params })).toEqual({ temperature: 1.2, topK: 8 });
    delete (globalThis as { LanguageModel?: unknown }).LanguageModel;
    expect(await created({ topK: 20 }, { params })).toEqual({ temperature: 0.7, topK: 20 });
  });

  it('clamps to the maxima params() gives', async () => {
    expect(await created({ temperature: 9, topK: 500 })).toEqual({ temperature: 2, topK: 128 });
  });

  it('clamps topK to at least 1 and rounds it to a whole number', async () => {
    expect(await created({ temperature: 0.5, topK: 0 })).toEqual({ temperature: 0.5, topK: 1 });
    delete (globalThis as { LanguageModel?: unknown }).LanguageModel;
    expect(await created({ temperature: 0.5, topK: 6.6 })).toEqual({ temperature: 0.5, topK: 7 });
  });

  it('without params(), gives neither when only one is asked for (and still answers)', async () => {
    expect(await created({ temperature: 0.2 }, { params: null })).toEqual({ temperature: undefined, topK: undefined });
    delete (globalThis as { LanguageModel?: unknown }).LanguageModel;
    expect(await created({ topK: 5 }, { params: null })).toEqual({ temperature: undefined, topK: undefined });
  });

  it('without params(), gives both as asked when both are asked for', async () => {
    expect(await created({ temperature: 0.9, topK: 12 }, { params: null })).toEqual({ temperature: 0.9, topK: 12 });
  });
});

describe('BuiltinEngine languages', () => {
  it('expects English when no language is asked for', async () => {
    const fake = installFakeLanguageModel();
    await collect(new BuiltinEngine().stream(ask([user('Hi')])));
    expect(fake.log.creates[0]!.languages).toEqual(['en']);
  });

  it('passes the asked language as expectedOutputs', async () => {
    const fake = installFakeLanguageModel();
    const { text } = await collect(new BuiltinEngine().stream(ask([user('Hola')], { options: { language: 'es' } })));
    expect(fake.log.creates[0]!.languages).toEqual(['es']);
    expect(text).toBe(replyTo([], 'Hola'));
  });

  it('fails with unsupported-options for a language Chrome does not support, before prompting', async () => {
    const fake = installFakeLanguageModel({ supportedLanguages: ['en', 'es', 'ja'] });
    const { error } = await collectFailure(
      new BuiltinEngine().stream(ask([user('Bonjour')], { options: { language: 'fr' } })),
    );
    expect(error).toBeInstanceOf(InklingError);
    expect(error).toMatchObject({ code: 'unsupported-options', message: expect.stringContaining('language') });
    expect(fake.log.prompts).toHaveLength(0);
  });
});

describe('BuiltinEngine context window', () => {
  it('fails with input-too-large before prompting when the message cannot fit', async () => {
    const fake = installFakeLanguageModel({ contextWindow: 50 });
    const { text, error } = await collectFailure(
      new BuiltinEngine().stream(ask([SYSTEM, user('x'.repeat(400))], { conversationId: 'c1' })),
    );
    expect(text).toBe('');
    expect(error).toBeInstanceOf(InklingError);
    expect(error).toMatchObject({
      code: 'input-too-large',
      message: expect.stringContaining(`${fakeTokens('x'.repeat(400))} tokens`),
    });
    expect(fake.log.prompts).toHaveLength(0);
  });

  it('fails with input-too-large when the system prompt and history alone do not fit', async () => {
    const fake = installFakeLanguageModel({ contextWindow: 50 });
    const huge: ChatMessage = { role: 'system', content: 'Rules. '.repeat(100) };
    const { error } = await collectFailure(new BuiltinEngine().stream(ask([huge, user('Hi')])));
    expect(error).toBeInstanceOf(InklingError);
    expect(error).toMatchObject({ code: 'input-too-large' });
    expect(fake.log.prompts).toHaveLength(0);
  });

  it.each(['input', 'context', 'both'] as const)(
    'reads the window and usage through the %s name set',
    async (names) => {
      installFakeLanguageModel({ names, contextWindow: 3000 });
      const engine = new BuiltinEngine();
      const { text } = await collect(engine.stream(ask([SYSTEM, user('Hi')], { conversationId: 'c1' })));
      expect(engine.contextInfo('c1')).toEqual({
        contextWindow: 3000,
        contextUsed: fakeTokens(SYSTEM.content) + fakeTokens('Hi') + fakeTokens(text),
      });
    },
  );

  it.each(['input', 'context'] as const)(
    'refuses a message too large for the window with the %s name set',
    async (names) => {
      const fake = installFakeLanguageModel({ names, contextWindow: 40 });
      const { error } = await collectFailure(
        new BuiltinEngine().stream(ask([user('y'.repeat(300))], { conversationId: 'c1' })),
      );
      expect(error).toMatchObject({ code: 'input-too-large' });
      expect(fake.log.prompts).toHaveLength(0);
    },
  );

  it('tells nothing of the context before a session, then what the last session showed', async () => {
    installFakeLanguageModel({ contextWindow: 6144 });
    const engine = new BuiltinEngine();
    expect(engine.contextInfo()).toEqual({});
    expect(engine.contextInfo('unknown')).toEqual({});
    await collect(engine.stream(ask([user('Hi')], { conversationId: 'c1' })));
    expect(engine.contextInfo('new')).toEqual({ contextWindow: 6144 });
    // A long turn's count, as Chrome measures it, tells how many characters its tokenizer puts in a token.
    const page = 'word '.repeat(800);
    await collect(engine.stream(ask([user(page)], { conversationId: 'c2' })));
    expect(engine.contextInfo('new')).toEqual({ contextWindow: 6144, charsPerToken: page.length / fakeTokens(page) });
  });

  it('adds a notice once old turns were forgotten (contextoverflow)', async () => {
    const fake = installFakeLanguageModel({ contextWindow: 200, fillerWords: 30 });
    const engine = new BuiltinEngine();
    let messages: ChatMessage[] = [SYSTEM];
    const notices: (string | undefined)[] = [];
    for (let turn = 1; turn <= 4; turn++) {
      messages = [...messages, user(`Question ${turn}`)];
      const answer = await collect(engine.stream(ask(messages, { conversationId: 'c1' })));
      expect(answer.finish.finishReason).toBe('stop');
      notices.push(answer.finish.notice);
      messages = [...messages, assistant(answer.text)];
    }
    expect(notices[0]).toBeUndefined();
    expect(notices[1]).toBeUndefined();
    expect(notices[2]).toMatch(/oldest messages .* forgotten/);
    expect(fake.log.creates).toHaveLength(1);
  });

  it(
    'answers a short follow-up when the context is nearly full ' + 'by forgetting the oldest turn, as Chrome does',
    async () => {
      // Chrome evicts old prompt/response pairs to make room for a new prompt and fires contextoverflow;
      // only a prompt that cannot fit even then fails (prompt-api README, "Tokenization, context window
      // length limits, and overflow").
      const fake = installFakeLanguageModel({ contextWindow: 32, fillerWords: 0 });
      const engine = new BuiltinEngine();
      const first = [{ role: 'system', content: 'S' } as const, user('x'.repeat(40))];
      const answer1 = await collect(engine.stream(ask(first, { conversationId: 'c1' })));
      expect(engine.contextInfo('c1').contextUsed).toBe(30);
      const second = [...first, assistant(answer1.text), user('Next?')];
      const answer2 = await collect(engine.stream(ask(second, { conversationId: 'c1' })));
      expect(answer2.text).toBe(replyTo(second.slice(0, -1), 'Next?', 0));
      expect(answer2.finish.notice).toMatch(/forgotten/);
      expect(fake.log.prompts).toHaveLength(2);
    },
  );

  it('continues a conversation whose old turns were forgotten after a service worker restart', async () => {
    const fake = installFakeLanguageModel({ contextWindow: 200, fillerWords: 30 });
    let messages: ChatMessage[] = [SYSTEM];
    const engine = new BuiltinEngine();
    let notice: string | undefined;
    for (let turn = 1; turn <= 4; turn++) {
      messages = [...messages, user(`Question ${turn}`)];
      const answer = await collect(engine.stream(ask(messages, { conversationId: 'c1' })));
      notice ??= answer.finish.notice;
      messages = [...messages, assistant(answer.text)];
    }
    expect(notice).toBeDefined();
    // The service worker restarts; the side panel sends the conversation it shows.
    messages = [...messages, user('Question 5')];
    const answer = await collect(new BuiltinEngine().stream(ask(messages, { conversationId: 'c1' })));
    expect(answer.text).toContain('You said "Question 5". Before that you said "Question 4".');
    expect(fake.log.prompts.at(-1)).toMatchObject({ input: 'Question 5' });
  });
});

describe('BuiltinEngine errors while streaming', () => {
  it.each([
    ['NotSupportedError', 'unsupported-options'],
    ['QuotaExceededError', 'input-too-large'],
    ['NotAllowedError', 'not-allowed'],
    ['NotReadableError', 'output-filtered'],
    ['UnknownError', 'engine-failed'],
    ['AbortError', 'engine-failed'],
  ] as const)('turns a stream failing with %s into an InklingError %s after the text so far', async (name, code) => {
    installFakeLanguageModel({ failPromptWith: name });
    const { text, error } = await collectFailure(
      new BuiltinEngine().stream(ask([SYSTEM, user('Hi')], { conversationId: 'c1' })),
    );
    expect(text).toBe('You');
    expect(error).toBeInstanceOf(InklingError);
    expect(error).toMatchObject({ code });
    expect((error as Error).message).not.toContain(name);
  });

  it('starts a new session when the user sends again after Chrome ended the conversation’s session', async () => {
    const fake = installFakeLanguageModel();
    const sessions: LanguageModel[] = [];
    const create = fake.api.create.bind(fake.api);
    vi.spyOn(fake.api, 'create').mockImplementation(async (options) => {
      const session = await create(options);
      sessions.push(session);
      return session;
    });
    const engine = new BuiltinEngine();
    const first = [SYSTEM, user('One')];
    const answer1 = await collect(engine.stream(ask(first, { conversationId: 'c1' })));
    // Chrome ends the session (the model was unloaded, the GPU process restarted...).
    sessions[0]!.destroy();
    const second = [...first, assistant(answer1.text), user('Two')];
    const { error } = await collectFailure(engine.stream(ask(second, { conversationId: 'c1' })));
    expect(error).toMatchObject({
      code: 'engine-failed',
      message: expect.stringContaining('Send again to start a new one'),
    });
    // The user sends again, as told (a failed turn is left out, so the request is the same).
    const again = await collect(engine.stream(ask(second, { conversationId: 'c1' })));
    expect(again.text).toBe(replyTo(second.slice(0, -1), 'Two'));
  });
});

describe('builtinError', () => {
  it.each([
    ['NotSupportedError', 'unsupported-options', /not supported/],
    ['QuotaExceededError', 'input-too-large', /too long .* new chat/],
    ['NotAllowedError', 'not-allowed', /did not allow/],
    ['NotReadableError', 'output-filtered', /rephras/],
    ['InvalidStateError', 'engine-failed', /ended unexpectedly/],
    ['UnknownError', 'engine-failed', /failed .*Try again/],
    ['AbortError', 'engine-failed', /failed .*Try again/],
    ['NetworkError', 'engine-failed', /failed .*Try again/],
  ] as const)('maps a %s DOMException to %s with a plain message', (name, code, wording) => {
    const error = builtinError(new DOMException('Something broke.', name));
    expect(error).toBeInstanceOf(InklingError);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(wording);
    expect(error.message).not.toContain(name);
    expect(error.message).not.toContain('DOMException');
    expect(error.message).toMatch(/^[A-Z].*\.$/);
  });

  it('keeps Chrome’s detail where it helps, e.g. which language is not supported', () => {
    const error = builtinError(new DOMException('The language "fr" is not supported.', 'NotSupportedError'));
    expect(error.message).toContain('The language "fr" is not supported.');
  });

  it('says "unknown reason" for a failure with no message and for a thrown non-Error', () => {
    expect(builtinError(new DOMException('', 'UnknownError')).message).toBe(
      'Gemini Nano failed for an unknown reason. Try again; if it keeps failing, restart Chrome.',
    );
    const fromString = builtinError('weird');
    expect(fromString.code).toBe('engine-failed');
    expect(fromString.message).toContain('unknown reason');
  });

  it('passes an InklingError through unchanged', () => {
    const original = new InklingError('bad-request', 'A request must end with a user message.');
    expect(builtinError(original)).toBe(original);
  });
});
