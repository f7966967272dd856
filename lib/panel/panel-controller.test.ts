import { describe, expect, it, vi } from 'vitest';
import { createBackground } from '../../tests/unit/background-harness';
import { ScriptedEngine, type ScriptStep } from '../../tests/unit/memory-port';
import { createPanelController, type PanelState } from './panel-controller';

/** The panel's controller over memory ports to the real background (tests/unit/background-harness.ts). */
async function setup(
  script: readonly ScriptStep[] = [
    { delta: 'Blue ', delayMs: 5 },
    { delta: 'light.', delayMs: 5 },
  ],
) {
  const engine = new ScriptedEngine({ script });
  const { store, router, openClient } = await createBackground(engine);
  const { client } = openClient();
  const controller = createPanelController({
    background: client,
    store: Promise.resolve(store),
    sampling: () => ({ temperature: 0 }),
    defaultSystemPrompt: () => 'Be brief.',
    requestFrame: (callback) => setTimeout(callback, 16) as unknown as number,
    cancelFrame: (frame) => clearTimeout(frame),
  });
  const states: PanelState[] = [];
  controller.subscribe((state) => states.push(state));
  const answer = () => controller.state.conversation.turns.at(-1);
  return { store, engine, router, client, controller, states, answer };
}

describe('the side panel’s controller', () => {
  it('shows the question at once, streams the answer, and the background stores both', async () => {
    const { store, engine, controller, answer } = await setup();
    const sending = controller.send('Why is the sky blue?');
    expect(controller.state.conversation.turns.map((turn) => turn.role)).toEqual(['user', 'assistant']);
    expect(controller.state.streaming).toBe(true);
    await sending;
    expect(answer()).toMatchObject({
      role: 'assistant',
      text: 'Blue light.',
      status: 'done',
      result: { model: 'scripted-1' },
    });
    expect(controller.state.streaming).toBe(false);
    const { id, title } = controller.state.conversation;
    expect(title).toBe('Why is the sky blue?');
    const stored = await store.get(id);
    expect(stored?.systemPrompt).toBe('Be brief.');
    expect(stored?.turns.map((turn) => [turn.role, turn.text])).toEqual([
      ['user', 'Why is the sky blue?'],
      ['assistant', 'Blue light.'],
    ]);
    // The engine got the system prompt and the question, and the conversation's id for its session.
    expect(engine.streams[0]!.request).toMatchObject({ conversationId: id, options: { temperature: 0 } });
    expect(engine.streams[0]!.request.messages.map((message) => message.role)).toEqual(['system', 'user']);
  });

  it('renders per frame, and finished turns stay the same objects while an answer streams', async () => {
    const steps = Array.from({ length: 30 }, (_, n) => ({ delta: `w${n} `, delayMs: 1 }));
    const { controller, states } = await setup(steps);
    await controller.send('First?');
    const [question, firstAnswer] = controller.state.conversation.turns;
    const before = states.length;
    await controller.send('Second?');
    const during = states.slice(before);
    expect(
      during.every((state) => state.conversation.turns[0] === question && state.conversation.turns[1] === firstAnswer),
    ).toBe(true);
    // 30 deltas, gathered per frame on their way: far fewer renders than deltas.
    const textChanges = during.filter(
      (state, n) => n > 0 && state.conversation.turns[3] !== during[n - 1]!.conversation.turns[3],
    );
    expect(textChanges.length).toBeLessThan(15);
  });

  it('Stop shows the answer as stopped at once, keeps what was shown, and the store agrees', async () => {
    const { store, engine, controller, answer } = await setup([
      { delta: 'Part', delayMs: 5 },
      { delta: ' more', delayMs: 500 },
    ]);
    const sending = controller.send('Long?');
    await vi.waitFor(() => expect(answer()?.text).toBe('Part'), { interval: 5 });
    controller.stop();
    expect(answer()).toMatchObject({ status: 'stopped', text: 'Part' });
    await sending;
    expect(answer()).toMatchObject({ status: 'stopped', text: 'Part', result: { finishReason: 'cancelled' } });
    await engine.whenAborted();
    const stored = await store.get(controller.state.conversation.id);
    expect(stored?.turns.at(-1)).toMatchObject({ status: 'stopped', text: 'Part' });
  });

  it('regenerate and edit replace the turns from there, in the store too', async () => {
    const { store, controller } = await setup();
    await controller.send('One?');
    await controller.send('Two?');
    const [, , question] = controller.state.conversation.turns;
    await controller.editAndResend(question!.id, 'Three?');
    await controller.regenerate(controller.state.conversation.turns.at(-1)!.id);
    const texts = (turns: { text: string }[]) => turns.map((turn) => turn.text);
    expect(texts(controller.state.conversation.turns)).toEqual(['One?', 'Blue light.', 'Three?', 'Blue light.']);
    expect(texts((await store.get(controller.state.conversation.id))!.turns)).toEqual(
      texts(controller.state.conversation.turns),
    );
  });

  it('a task from the page opens as its conversation and is followed as the background answers it', async () => {
    const { router, client, controller, answer } = await setup([
      { delta: '- Otters ', delayMs: 5 },
      { delta: 'sleep.', delayMs: 5 },
    ]);
    client.takeTasks(1, (task) => void controller.runTask(task));
    const task = {
      kind: 'prompt',
      label: 'Summarize',
      quote: 'Otters hold hands.',
      template: 'Sum up: {text}',
      summary: true,
    } as const;
    // Held by the router until the panel says it is ready, then handed over.
    router.dispatch(task, { windowId: 1 }, Promise.resolve());
    await vi.waitFor(() => expect(controller.state.conversation.title).toBe('Summarize: “Otters hold hands.”'));
    await vi.waitFor(() => expect(answer()).toMatchObject({ status: 'done', text: '- Otters sleep.' }), {
      interval: 5,
    });
    expect(controller.state.conversation.turns[0]).toMatchObject({ role: 'user', text: 'Sum up: Otters hold hands.' });
  });

  it('a question sent right after Stop is asked, not lost', async () => {
    const slow = [
      { delta: 'Part', delayMs: 5 },
      { delta: ' more', delayMs: 400 },
    ];
    const { controller, answer } = await setup(slow);
    void controller.send('Long?');
    await vi.waitFor(() => expect(answer()?.text).toBe('Part'), { interval: 5 });
    controller.stop();
    expect(await controller.send('Next?')).toBe(true);
    expect(controller.state.conversation.turns.map((turn) => turn.text).slice(2, 3)).toEqual(['Next?']);
  });

  it('turning to a new chat while a task from the page is answered leaves that answer running', async () => {
    const steps = [
      { delta: '- Otters ', delayMs: 5 },
      { delta: 'sleep.', delayMs: 60 },
    ];
    const { router, client, controller, store, engine } = await setup(steps);
    client.takeTasks(1, (task) => void controller.runTask(task));
    const task = { kind: 'prompt', label: 'Summarize', quote: 'Otters.', template: '{text}', summary: true } as const;
    router.dispatch(task, { windowId: 1 }, Promise.resolve());
    await vi.waitFor(() => expect(controller.state.conversation.turns.at(-1)?.text).toBe('- Otters '), { interval: 5 });
    const { id } = controller.state.conversation;
    controller.newChat();
    expect(controller.state.conversation.turns).toEqual([]);
    await vi.waitFor(async () => expect((await store.get(id))?.turns.at(-1)).toMatchObject({ status: 'done' }), {
      interval: 10,
    });
    expect((await store.get(id))?.turns.at(-1)?.text).toBe('- Otters sleep.');
    expect(engine.aborts).toHaveLength(0);
  });
});
