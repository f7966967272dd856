// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_QUICK_ACTIONS } from '../settings/settings';
import { fillPrompt, quickActionTask } from '../tasks/fill-prompt';
import { PART_CHARS } from '../tasks/summarize-in-parts';
import { ASK_BUTTON_LABEL } from './ask-box';
import { createCard, type CardDeps } from './card';
import { CARD_LABEL, CLOSE_LABEL, CONTINUE_LABEL, COPY_LABEL, STOP_LABEL } from './card-view';
import { askSelectionJob, type AnswerJob } from './jobs';
import { BLOCK_SITE_LABEL, HIDE_TOOLBAR_LABEL, MENU_BUTTON_LABEL } from './menu';
import { askPrompt } from '../tasks/prompts';
import { InklingError } from '../contracts/errors';
import {
  fakeGenerate,
  microtaskFrames,
  scriptClick,
  settle,
  trusted,
  userClick,
  userKey,
} from '../../tests/unit/page-assistant-harness';
import { fakeRunTask } from '../../tests/unit/fake-task-run';

const [summarize, explain] = DEFAULT_QUICK_ACTIONS as [
  (typeof DEFAULT_QUICK_ACTIONS)[0],
  (typeof DEFAULT_QUICK_ACTIONS)[0],
];

/** What the background sends the card for a toolbar button. */
const actionJob = (action: typeof explain, text: string): AnswerJob => ({
  title: action.label,
  task: quickActionTask(action, text),
});

function setup(overrides: Partial<CardDeps> = {}) {
  const generation = fakeGenerate();
  const background = fakeRunTask(generation);
  /** The answers "Continue in side panel" asked the background to carry over, with how much was shown. */
  const sent: [string, number][] = [];
  let reply: unknown = { ok: true, value: undefined };
  const copied: string[] = [];
  const deps: CardDeps = {
    doc: document,
    run: background.run,
    continueInPanel: vi.fn(async (answerId: string, shownChars: number) => {
      sent.push([answerId, shownChars]);
      return reply;
    }),
    writeClipboard: async (text) => void copied.push(text),
    generateOptions: () => ({ temperature: 0.5 }),
    blockSite: vi.fn(async () => undefined),
    hideToolbar: vi.fn(async () => 'The toolbar is off.'),
    onClose: vi.fn(),
    ...microtaskFrames,
    ...overrides,
  };
  const card = createCard(deps);
  document.body.append(card.element);
  const find = (name: string) =>
    [...card.element.querySelectorAll('button')].find(
      (button) => (button.getAttribute('aria-label') ?? button.textContent) === name,
    )!;
  return {
    card,
    deps,
    generation,
    background,
    sent,
    copied,
    setReply: (next: unknown) => (reply = next),
    find,
    answer: () => card.element.querySelector('.answer')!,
    status: () => card.element.querySelector('[role="status"]')!.textContent,
    alert: () => card.element.querySelector('[role="alert"]')!.textContent,
    metrics: () => card.element.querySelector('.metrics')!.textContent,
  };
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('the answer card', () => {
  it('is a dialog named “Inkling answer” with named buttons', () => {
    const { card } = setup();
    expect(card.element.getAttribute('role')).toBe('dialog');
    expect(card.element.getAttribute('aria-label')).toBe(CARD_LABEL);
    const names = [...card.element.querySelectorAll('button')].map(
      (button) => button.getAttribute('aria-label') ?? button.textContent,
    );
    expect(names).toEqual([
      MENU_BUTTON_LABEL,
      CLOSE_LABEL,
      BLOCK_SITE_LABEL,
      HIDE_TOOLBAR_LABEL,
      STOP_LABEL,
      COPY_LABEL,
      CONTINUE_LABEL,
    ]);
  });

  it('streams the answer to the action’s prompt as markdown, then shows the metrics', async () => {
    const { card, generation, find, answer, metrics, status } = setup();
    card.run(actionJob(explain, 'Photosynthesis turns light into sugar.'));
    await settle();
    const request = generation.last();
    expect(request.input).toBe(fillPrompt(explain, 'Photosynthesis turns light into sugar.', 'en'));
    expect(request.options.temperature).toBe(0.5);
    expect(request.options.signal).toBeInstanceOf(AbortSignal);
    expect(find(STOP_LABEL).hidden).toBe(false);
    expect(find(CONTINUE_LABEL).disabled).toBe(true);
    expect(status()).toBe('Waiting for the answer…');

    request.push('Plants **make** ');
    await settle();
    expect(status()).toBe('');
    expect(answer().querySelector('strong')?.textContent).toBe('make');
    request.push('food.');
    request.finish();
    await settle();
    expect(answer().textContent).toContain('Plants make food.');
    expect(metrics()).toMatch(/first token 40 ms · 30\.0 tokens\/s · 12 tokens · llama\.cpp on your CPU: Tiny/);
    expect(find(STOP_LABEL).hidden).toBe(true);
    expect(find(COPY_LABEL).disabled).toBe(false);
    expect(find(CONTINUE_LABEL).disabled).toBe(false);
    expect(answer().getAttribute('aria-busy')).toBe('false');
  });

  it('Stop cancels at once, and nothing is shown after it', async () => {
    const { card, generation, find, answer, status, metrics, copied } = setup();
    card.run(actionJob(explain, 'Some text'));
    await settle();
    const request = generation.last();
    request.push('First part. ');
    await settle();
    request.push('Second part.');
    userClick(find(STOP_LABEL));
    expect(request.cancelled).toBe(true);
    expect(status()).toBe('Stopped.');
    expect(find(STOP_LABEL).hidden).toBe(true);
    await settle();
    expect(answer().textContent).toContain('First part.');
    expect(answer().textContent).not.toContain('Second part.');
    expect(metrics()).toMatch(/^Stopped · /);
    expect(status()).toBe('');
    userClick(find(COPY_LABEL));
    await settle();
    expect(copied).toEqual(['First part. ']);
  });

  it('Copy copies the answer’s text as shown', async () => {
    const { card, generation, find, copied, status } = setup();
    card.run(actionJob(explain, 'x'));
    await settle();
    generation.last().push('- one\n- two');
    generation.last().finish();
    await settle();
    userClick(find(COPY_LABEL));
    await settle();
    expect(copied).toEqual(['- one\n- two']);
    expect(status()).toBe('Copied.');
  });

  it('says so when copying fails', async () => {
    const { card, generation, find, status } = setup({
      writeClipboard: async () => Promise.reject(new Error('denied')),
    });
    card.run(actionJob(explain, 'x'));
    await settle();
    generation.last().push('Answer');
    generation.last().finish();
    await settle();
    userClick(find(COPY_LABEL));
    await settle();
    expect(status()).toMatch(/Couldn’t copy/);
  });

  it('Continue in side panel names the answer, which the background carries over as turns, and closes', async () => {
    const { card, deps, generation, background, find, sent } = setup();
    card.run(actionJob(explain, 'The mitochondria is the powerhouse of the cell.'));
    await settle();
    generation.last().push('It makes energy.');
    generation.last().finish();
    await settle();
    userClick(find(CONTINUE_LABEL));
    // Called in the click, so that the panel opens within the user's gesture.
    expect(sent).toEqual([['answer-1', 'It makes energy.'.length]]);
    // The page sends no words of its own: the background writes the conversation from its record.
    expect(background.continued('answer-1')).toMatchObject({
      title: 'Explain: “The mitochondria is the powerhouse of the cell.”',
      turns: [
        { role: 'user', text: fillPrompt(explain, 'The mitochondria is the powerhouse of the cell.', 'en') },
        {
          role: 'assistant',
          text: 'It makes energy.',
          status: 'done',
          result: { text: 'It makes energy.', model: 'Tiny' },
        },
      ],
    });
    await settle();
    expect(deps.onClose).toHaveBeenCalled();
    expect(card.element.isConnected).toBe(false);
  });

  it('shows the reply’s error in plain words when the panel cannot take it', async () => {
    const { card, deps, generation, find, setReply, alert } = setup();
    card.run(actionJob(explain, 'x'));
    await settle();
    generation.last().push('Answer');
    generation.last().finish();
    await settle();
    setReply({ ok: false, error: 'The conversation is saved: open the side panel with the Inkling icon.' });
    userClick(find(CONTINUE_LABEL));
    await settle();
    expect(alert()).toBe('The conversation is saved: open the side panel with the Inkling icon.');
    expect(deps.onClose).not.toHaveBeenCalled();
    expect(find(CONTINUE_LABEL).disabled).toBe(false);
  });

  it('shows a plain error when the background cannot be reached', async () => {
    const { card, generation, find, alert } = setup({
      continueInPanel: () => Promise.reject(new Error('Could not establish connection. Receiving end does not exist.')),
    });
    card.run(actionJob(explain, 'x'));
    await settle();
    generation.last().finish();
    await settle();
    userClick(find(CONTINUE_LABEL));
    await settle();
    expect(alert()).toBe('Inkling was updated or restarted. Reload this page and try again.');
  });

  it('a stopped answer continues as stopped, with what was shown', async () => {
    const { card, generation, background, find, sent } = setup();
    card.run(actionJob(explain, 'x'));
    await settle();
    generation.last().push('Half an');
    await settle();
    userClick(find(STOP_LABEL));
    await settle();
    // A delta that was already on its way when Stop was pressed: the card never shows it.
    generation.last().push(' unseen');
    userClick(find(CONTINUE_LABEL));
    expect(sent).toEqual([['answer-1', 'Half an'.length]]);
    expect(background.continued('answer-1', 'Half an'.length)).toMatchObject({
      turns: [{ role: 'user' }, { role: 'assistant', text: 'Half an', status: 'stopped' }],
    });
  });

  it('shows an engine’s error in plain words', async () => {
    const { card, generation, alert, find } = setup();
    card.run(actionJob(explain, 'x'));
    await settle();
    generation
      .last()
      .fail(new InklingError('no-engine', 'No engine can run on this computer. Open Inkling’s side panel to see why.'));
    await settle();
    expect(alert()).toBe('No engine can run on this computer. Open Inkling’s side panel to see why.');
    expect(find(STOP_LABEL).hidden).toBe(true);
  });

  it('summarizes a long selection in parts first, showing the progress, then streams the answer', async () => {
    const { card, generation, status, answer } = setup();
    const paragraph = 'A sentence about the history of tea in China and beyond. '.repeat(60);
    const long = Array.from({ length: 3 }, (_, i) => `Chapter ${i + 1}. ${paragraph}`).join('\n\n');
    expect(long.length).toBeGreaterThan(PART_CHARS);
    card.run(actionJob(summarize, long));
    await settle();
    const seen: string[] = [];
    for (let guard = 0; guard < 20 && generation.last().input.startsWith('Summarize this part'); guard++) {
      seen.push(status()!);
      generation.last().push(`Summary ${generation.requests.length}.`);
      generation.last().finish();
      await settle();
    }
    expect(seen[0]).toMatch(/^Summarizing part 1 of \d+…$/);
    expect(seen.at(-1)).toMatch(/^Summarizing part (\d+) of \1…$/);
    const parts = seen.length;
    expect(parts).toBeGreaterThan(1);
    const final = generation.last();
    expect(final.input).toBe(
      fillPrompt(summarize, Array.from({ length: parts }, (_, i) => `Summary ${i + 1}.`).join('\n\n'), 'en'),
    );
    final.push('- Tea came from China.');
    final.finish();
    await settle();
    expect(answer().textContent).toContain('Tea came from China.');
  });

  it('Stop while summarizing in parts asks for nothing more', async () => {
    const { card, generation, find, status } = setup();
    card.run(actionJob(summarize, 'word '.repeat(3000)));
    await settle();
    expect(generation.requests).toHaveLength(1);
    userClick(find(STOP_LABEL));
    expect(generation.last().cancelled).toBe(true);
    await settle();
    expect(generation.requests).toHaveLength(1);
    expect(status()).toBe('Stopped.');
  });

  it('runs a task: its template filled with the quote', async () => {
    const { card, generation } = setup();
    card.run({
      title: 'Explain',
      task: { kind: 'prompt', label: 'Explain', quote: 'E = mc²', template: 'Explain {text} simply.', summary: false },
    });
    await settle();
    expect(generation.last().input).toBe('Explain E = mc² simply.');
  });

  it('ignores clicks and keys a page script makes', async () => {
    const { card, deps, generation, find, sent, copied } = setup();
    card.run(actionJob(explain, 'x'));
    await settle();
    generation.last().push('Answer');
    await settle();
    scriptClick(find(STOP_LABEL));
    expect(generation.last().cancelled).toBe(false);
    generation.last().finish();
    await settle();
    scriptClick(find(COPY_LABEL));
    scriptClick(find(CONTINUE_LABEL));
    scriptClick(find(CLOSE_LABEL));
    scriptClick(find(MENU_BUTTON_LABEL));
    scriptClick(find(BLOCK_SITE_LABEL));
    card.element.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await settle();
    expect(copied).toEqual([]);
    expect(sent).toEqual([]);
    expect(deps.onClose).not.toHaveBeenCalled();
    expect(deps.blockSite).not.toHaveBeenCalled();
    expect(card.element.isConnected).toBe(true);
  });

  it('closes on Close and on Escape, cancelling what streams', async () => {
    const first = setup();
    first.card.run(actionJob(explain, 'x'));
    await settle();
    userClick(first.find(CLOSE_LABEL));
    expect(first.generation.last().cancelled).toBe(true);
    expect(first.deps.onClose).toHaveBeenCalledTimes(1);
    expect(first.card.element.isConnected).toBe(false);

    const second = setup();
    userKey(second.card.element, 'Escape');
    expect(second.deps.onClose).toHaveBeenCalledTimes(1);
  });

  it('has a menu with the off switches', async () => {
    const { card, deps, find, status } = setup();
    const toggle = find(MENU_BUTTON_LABEL);
    const menu = card.element.querySelector('[role="menu"]') as HTMLElement;
    expect(toggle.getAttribute('aria-haspopup')).toBe('menu');
    expect(menu.hidden).toBe(true);
    userClick(toggle);
    expect(menu.hidden).toBe(false);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect([...menu.querySelectorAll('[role="menuitem"]')].map((item) => item.textContent)).toEqual([
      BLOCK_SITE_LABEL,
      HIDE_TOOLBAR_LABEL,
    ]);
    // Escape closes the menu first, not the card.
    userKey(find(BLOCK_SITE_LABEL), 'Escape');
    expect(menu.hidden).toBe(true);
    expect(deps.onClose).not.toHaveBeenCalled();
    userClick(toggle);
    userClick(find(HIDE_TOOLBAR_LABEL));
    await settle();
    expect(deps.hideToolbar).toHaveBeenCalledTimes(1);
    expect(status()).toBe('The toolbar is off.');
    userClick(toggle);
    userClick(find(BLOCK_SITE_LABEL));
    expect(deps.blockSite).toHaveBeenCalledTimes(1);
  });

  it('shows an off switch’s error', async () => {
    const { find, alert } = setup({
      blockSite: async () => Promise.reject(new Error('This page has no site name to block.')),
    });
    userClick(find(MENU_BUTTON_LABEL));
    userClick(find(BLOCK_SITE_LABEL));
    await settle();
    expect(alert()).toBe('This page has no site name to block.');
  });

  it('asks the user’s question about the selection from its box (Enter or Ask)', async () => {
    const { card, generation, find } = setup();
    card.ask('Your question about the selection', 'Ask about the selection', (question) =>
      askSelectionJob(question, 'Cats sleep a lot.'),
    );
    const input = card.element.querySelector('input')!;
    expect(input.getAttribute('aria-label')).toBe('Your question about the selection');
    input.value = 'Why?';
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    scriptClick(find(ASK_BUTTON_LABEL));
    await settle();
    expect(generation.requests).toHaveLength(0);
    input.dispatchEvent(trusted(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true })));
    await settle();
    expect(generation.last().input).toBe(askPrompt('Why?', 'Cats sleep a lot.'));
    expect(generation.last().input).toContain('> Cats sleep a lot.');
    input.value = 'How long?';
    userClick(find(ASK_BUTTON_LABEL));
    await settle();
    // The new question replaces the answer under way.
    expect(generation.requests[0]!.cancelled).toBe(true);
    expect(generation.last().input).toBe(askPrompt('How long?', 'Cats sleep a lot.'));
  });
});
