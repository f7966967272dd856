import { describe, expect, it, vi } from 'vitest';
import { createBackground } from '../../tests/unit/background-harness';
import { ScriptedEngine, type ScriptedEngineOptions } from '../../tests/unit/memory-port';
import type { EngineFinish } from '../contracts/engine';
import type { PromptTask, Task } from '../contracts/task';
import { untilAborted } from '../engines/abort';
import type { EngineRequest } from '../engines/engine';

const ANSWER = ['Otters ', 'hold ', 'hands.'];

const prompt = (request: EngineRequest) => request.messages.at(-1)?.content ?? '';
const isPart = (request: EngineRequest) => prompt(request).startsWith('Summarize this part');

/** Parts are answered "Summary N."; anything else gets ANSWER. */
const script: ScriptedEngineOptions['script'] = (request) =>
  isPart(request) ? [`Summary ${/part (\d+) of/.exec(prompt(request))?.[1]}.`] : ANSWER;

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

/** A scripted engine that holds the answers `holds` picks after their first delta, until released. */
class HeldEngine extends ScriptedEngine {
  private readonly gate = deferred();
  private readonly holding = deferred();

  constructor(private readonly holds: (request: EngineRequest) => boolean) {
    super({ script });
  }

  /** Resolves once an answer is held, its first delta sent on. */
  whenHeld = () => this.holding.promise;
  release = () => this.gate.resolve();

  override async *stream(request: EngineRequest): AsyncGenerator<string, EngineFinish, undefined> {
    const inner = super.stream(request);
    try {
      for (let first = true; ; first = false) {
        const step = await inner.next();
        if (step.done) return step.value;
        yield step.value;
        if (!first || !this.holds(request)) continue;
        this.holding.resolve();
        await untilAborted(this.gate.promise, request.signal);
      }
    } finally {
      await inner.return({ finishReason: 'cancelled' });
    }
  }
}

/** The real background (tests/unit/background-harness.ts) answering with a held engine. */
async function setup({ holds = () => false }: { holds?: (request: EngineRequest) => boolean } = {}) {
  const engine = new HeldEngine(holds);
  const background = await createBackground(engine);
  const panelReady = vi.spyOn(background.router, 'panelReady');
  return { ...background, engine, panelReady, ...background.openClient() };
}

async function collectText(stream: AsyncIterable<string>): Promise<string> {
  let text = '';
  for await (const delta of stream) text += delta;
  return text;
}

/** Nine paragraphs of about 2,000 characters: three parts of the 6,000 a part may hold. */
const LONG_QUOTE = Array.from({ length: 9 }, (_, n) => `Paragraph ${n + 1}. ${'Otters float. '.repeat(140)}`.trim())
  .join('\n\n')
  .trim();
const summarize = (quote: string): PromptTask => ({
  kind: 'prompt',
  label: 'Summarize',
  quote,
  template: 'Sum up: {text}',
  summary: true,
});

describe('a task the panel asks the background to run', () => {
  it('a long text is summarized in parts, with a line per part, then the answer streams', async () => {
    const { client, engine } = await setup();
    const seen: unknown[][] = [];
    const handle = await client.runTask(summarize(LONG_QUOTE), {
      onProgress: (text) => seen.push(['progress', text]),
      onPrepared: ({ question, title }) => seen.push(['prepared', question, title]),
    });
    let text = '';
    for await (const delta of handle.stream) {
      text += delta;
      seen.push(['delta']);
    }
    const result = await handle.result;
    expect(text).toBe('Otters hold hands.');
    expect(result).toMatchObject({ text: 'Otters hold hands.', finishReason: 'stop', model: 'scripted-1' });
    const firstDelta = seen.findIndex(([kind]) => kind === 'delta');
    expect(seen.slice(0, firstDelta)).toEqual([
      ['progress', 'Summarizing part 1 of 3…'],
      ['progress', 'Summarizing part 2 of 3…'],
      ['progress', 'Summarizing part 3 of 3…'],
      ['prepared', `Sum up: ${LONG_QUOTE}`, expect.stringMatching(/^Summarize: “Paragraph 1\. Otters float\./)],
    ]);
    const prompts = engine.streams.map((stream) => prompt(stream.request));
    expect(prompts).toHaveLength(4);
    expect(prompts.slice(0, 3)).toEqual(
      [1, 2, 3].map((n) => expect.stringContaining(`It is part ${n} of 3 of a longer text.`)),
    );
    expect(prompts[3]).toBe('Sum up: Summary 1.\n\nSummary 2.\n\nSummary 3.');
  });

  it('Stop while the parts are summarized ends the answer as cancelled and asks the engine nothing more', async () => {
    const { client, engine } = await setup({ holds: isPart });
    const progress: string[] = [];
    let shown!: () => void;
    const lineShown = new Promise<void>((resolve) => (shown = resolve));
    const onProgress = (text: string) => {
      progress.push(text);
      shown();
    };
    const handle = await client.runTask(summarize(LONG_QUOTE), { onProgress });
    // The user sees the first part's line, while the engine is on it, and presses Stop.
    await Promise.all([lineShown, engine.whenHeld()]);
    handle.cancel();
    expect(await handle.result).toMatchObject({ finishReason: 'cancelled', text: '' });
    await engine.whenAborted();
    expect(engine.streams).toHaveLength(1);
    expect(engine.streams[0]?.aborted).toBe(true);
    expect(progress).toEqual(['Summarizing part 1 of 3…']);
  });

  it('a chat question and its answer are stored, and onPrepared names the conversation', async () => {
    const { client, store } = await setup();
    const onPrepared = vi.fn();
    const task = { kind: 'chat', question: 'Why do otters hold hands?', userTurnId: 'u1', answerTurnId: 'a1' } as const;
    const handle = await client.runTask(task, { onPrepared });
    expect(await handle.result).toMatchObject({ text: 'Otters hold hands.', finishReason: 'stop' });
    expect(onPrepared).toHaveBeenCalledExactlyOnceWith(
      expect.objectContaining({
        question: 'Why do otters hold hands?',
        title: 'Why do otters hold hands?',
        conversationId: expect.any(String),
      }),
    );
    const stored = await store.get(onPrepared.mock.calls[0]![0].conversationId);
    expect(stored?.turns).toMatchObject([
      { id: 'u1', role: 'user', text: 'Why do otters hold hands?' },
      { id: 'a1', role: 'assistant', text: 'Otters hold hands.', status: 'done', result: { finishReason: 'stop' } },
    ]);
  });

  it('asking about the page from an extension page, which has no page, fails with a plain error', async () => {
    const { client, engine } = await setup();
    const handle = await client.runTask({ kind: 'ask-page', question: 'What is this page about?' }, {});
    await expect(handle.result).rejects.toMatchObject({
      code: 'bad-request',
      message: 'Ask about a page from the page itself.',
    });
    expect(engine.streams).toEqual([]);
  });
});

/** A panel that says it is ready in window 1, and the task it is handed when `task` is dispatched there. */
async function handToReadyPanel(context: Awaited<ReturnType<typeof setup>>, task: Task) {
  const handed = new Promise<Task>((resolve) => context.client.takeTasks(1, resolve));
  await vi.waitFor(() => expect(context.panelReady).toHaveBeenCalledWith(1, expect.any(Function)));
  context.router.dispatch(task, { windowId: 1 }, Promise.resolve());
  return handed;
}

async function startedInPanel(options: Parameters<typeof setup>[0] = { holds: () => true }) {
  const context = await setup(options);
  const task = await handToReadyPanel(context, summarize('Otters hold hands while they sleep.'));
  if (task.kind !== 'open-conversation') throw new Error(`Handed a ${task.kind} task.`);
  return { ...context, conversationId: task.conversationId };
}

describe('a task from the page, handed to the side panel', () => {
  it('arrives as its stored conversation, which the background answers', async () => {
    const { store, conversationId } = await startedInPanel({ holds: () => false });
    const stored = await store.get(conversationId);
    expect(stored?.title).toBe('Summarize: “Otters hold hands while they sleep.”');
    expect(stored?.turns[0]).toMatchObject({ role: 'user', text: 'Sum up: Otters hold hands while they sleep.' });
    await vi.waitFor(async () =>
      expect((await store.get(conversationId))?.turns[1]).toMatchObject({ status: 'done', text: 'Otters hold hands.' }),
    );
  });

  it('the answer is finished and stored even when the panel closes while it is written', async () => {
    const { store, engine, port, conversationId } = await startedInPanel();
    await engine.whenHeld();
    port().disconnect();
    engine.release();
    await vi.waitFor(async () =>
      expect((await store.get(conversationId))?.turns[1]).toMatchObject({ status: 'done', text: 'Otters hold hands.' }),
    );
    expect(engine.streams[0]?.aborted).toBe(false);
  });

  it('a panel that opens the conversation later follows the answer from where it is to its end', async () => {
    const { store, engine, port, openClient, conversationId } = await startedInPanel();
    await engine.whenHeld();
    port().disconnect();
    const handle = await openClient().client.watchAnswer(conversationId, {});
    const deltas = handle.stream[Symbol.asyncIterator]();
    // What was written before it watched comes first.
    expect(await deltas.next()).toEqual({ done: false, value: 'Otters ' });
    engine.release();
    expect(await collectText({ [Symbol.asyncIterator]: () => deltas })).toBe('hold hands.');
    expect(await handle.result).toMatchObject({ finishReason: 'stop', text: 'Otters hold hands.' });
    // The end reaches the watcher only once it is stored.
    expect((await store.get(conversationId))?.turns[1]).toMatchObject({ status: 'done', text: 'Otters hold hands.' });
  });

  it('watching a conversation with no answer being written fails as not found', async () => {
    const { client } = await setup();
    const handle = await client.watchAnswer('no-such-conversation', {});
    await expect(handle.result).rejects.toMatchObject({ code: 'not-found' });
  });

  it('Stop in a panel that watches stops the answer itself, and it is stored as stopped', async () => {
    const { store, engine, openClient, conversationId } = await startedInPanel();
    await engine.whenHeld();
    const handle = await openClient().client.watchAnswer(conversationId, {});
    expect(await handle.stream[Symbol.asyncIterator]().next()).toEqual({ done: false, value: 'Otters ' });
    handle.cancel();
    expect(await handle.result).toMatchObject({ finishReason: 'cancelled', text: 'Otters ' });
    await engine.whenAborted();
    expect((await store.get(conversationId))?.turns[1]).toMatchObject({
      status: 'stopped',
      text: 'Otters ',
      result: { finishReason: 'cancelled' },
    });
  });
});
