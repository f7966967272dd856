import { expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { longArticle } from '../fixtures/long-article';
import { withCpuModel } from './suites';

// "Use this page" in the side panel, answered by the real CPU engine (llama.cpp in WebAssembly)
// with the suite's generated model, about pages served from 127.0.0.1.
const suite = withCpuModel();

const article = (title: string, body: string) =>
  `<!doctype html><title>${title}</title><nav>Home · About</nav><article><h1>${title}</h1><p>${body}</p></article>`;

async function openArticle(path: string, title: string, body: string) {
  const page = await suite.extension.context.newPage();
  await page.goto(suite.pages.page(path, article(title, body)));
  return page;
}

async function ask(panel: Page, question: string) {
  await panel.bringToFront();
  await panel.getByRole('textbox', { name: 'Message' }).fill(question);
  await panel.getByRole('textbox', { name: 'Message' }).press('Enter');
  const answer = panel.getByRole('article', { name: 'Inkling' }).last();
  await expect.poll(() => answer.getAttribute('data-status'), { timeout: 30_000 }).not.toBe('streaming');
  // The error, if any, in the failure's message.
  expect([await answer.getAttribute('data-status'), await answer.locator('.error').allTextContents()]).toEqual([
    'done',
    [],
  ]);
}

const chips = (panel: Page) => panel.getByRole('region', { name: 'Pages this chat is about' });
const questionSources = (panel: Page) =>
  panel.getByRole('list', { name: 'Pages this question is about' }).allTextContents();

/** What the extension's own database keeps of the page titled `title`, and the questions that used it. */
const storedSources = (panel: Page, title: string) =>
  panel.evaluate(
    (title) =>
      new Promise<{ sources: { id: string; title: string; text: string }[]; questions: unknown[] }>(
        (resolve, reject) => {
          const opening = indexedDB.open('inkling');
          opening.onerror = () => reject(opening.error);
          opening.onsuccess = () => {
            const tx = opening.result.transaction(['sources', 'turns']);
            const sources = tx.objectStore('sources').getAll();
            const turns = tx.objectStore('turns').getAll();
            tx.oncomplete = () => {
              opening.result.close();
              const kept = sources.result.filter((source) => source.title === title);
              const ids = kept.map((source) => source.id);
              const questions = turns.result
                .filter(
                  (turn) => turn.role === 'user' && turn.sources?.some(({ id }: { id: string }) => ids.includes(id)),
                )
                .map((turn) => turn.sources);
              resolve({ sources: kept, questions });
            };
          };
        },
      ),
    title,
  );

test('"Use this page" answers about the article with the CPU engine and keeps it for a follow-up', async () => {
  const otters = await openArticle('/otters', 'Otters at rest', 'Sea otters hold hands while they sleep.');
  const panel = await suite.extension.openPanel();
  await panel.getByRole('button', { name: 'Use this page: Otters at rest' }).click();
  await expect.poll(() => chips(panel).textContent()).toContain('Otters at rest');

  await ask(panel, 'What do otters hold?');
  expect(await questionSources(panel)).toEqual(['Otters at rest']);
  // Still attached: the follow-up is about the same page, which is not read again.
  await expect.poll(() => chips(panel).textContent()).toContain('Otters at rest');
  await ask(panel, 'And when?');
  expect(await questionSources(panel)).toEqual(['Otters at rest', 'Otters at rest']);
  const engine = await panel.getByRole('article', { name: 'Inkling' }).last().locator('.metrics').textContent();
  expect(engine).toContain('llama.cpp on your CPU');

  const stored = await storedSources(panel, 'Otters at rest');
  expect(stored.sources).toHaveLength(1);
  expect(stored.sources[0]).toMatchObject({ title: 'Otters at rest' });
  expect(stored.sources[0]?.text).toContain('Sea otters hold hands while they sleep.');
  expect(stored.sources[0]?.text).not.toContain('Home · About');
  const id = stored.sources[0]?.id;
  expect(stored.questions).toEqual([[{ id }], [{ id }]]);

  await panel.getByRole('button', { name: 'Remove Otters at rest' }).click();
  await expect.poll(() => chips(panel).textContent()).toBe('Use this page: Otters at rest');
  await Promise.all([panel.close(), otters.close()]);
});

test('switching tabs offers the new page in place of the one attached', async () => {
  const otters = await openArticle('/otters-2', 'Otters', 'Otters hold hands.');
  const panel = await suite.extension.openPanel();
  await panel.getByRole('button', { name: 'Use this page: Otters' }).click();

  const ferries = await openArticle('/ferries', 'Ferries', 'The ferry leaves at nine.');
  await ferries.bringToFront();
  const offer = panel.getByRole('button', { name: 'Use “Ferries” instead' });
  await offer.waitFor();
  // Until the user takes the new page, the chip says which page the next question is about.
  expect(await chips(panel).textContent()).toContain('Otters');
  await offer.click();
  await expect.poll(() => chips(panel).textContent()).toBe('Ferries×');

  await otters.bringToFront();
  await panel.getByRole('button', { name: 'Use “Otters” instead' }).waitFor();
  await Promise.all([panel.close(), otters.close(), ferries.close()]);
});

test('a 300 KB page is read in the passages that fit, and the question says how many', async () => {
  const page = await suite.extension.context.newPage();
  await page.goto(suite.pages.page('/harbour', longArticle(300, 'The lighthouse keeper is named Ada Lovelace.')));
  const panel = await suite.extension.openPanel();
  await panel.getByRole('button', { name: 'Use this page: The harbour town' }).click();
  await ask(panel, 'Who is the lighthouse keeper?');
  const [named] = await questionSources(panel);
  const [, read, of] = /^The harbour town \(read (\d+) of (\d+) passages\)$/.exec(named ?? '') ?? [];
  expect(Number(read)).toBeGreaterThan(0);
  expect(Number(of)).toBeGreaterThan(500);
  // The whole page is kept, not the passages alone: a later question may need other ones.
  const stored = await storedSources(panel, 'The harbour town');
  expect(stored.sources[0]?.text.length).toBeGreaterThan(290_000);
  await Promise.all([panel.close(), page.close()]);
});

test('@ in the message box lists the other open tabs, and the keyboard adds one as a second source', async () => {
  const harbour = await openArticle('/lighthouse-log', 'Lighthouse log', 'The ferry leaves at nine.');
  const weather = await openArticle('/weather', 'Weather today', 'Rain after noon.');
  const panel = await suite.extension.openPanel();
  await panel.getByRole('button', { name: 'Use this page: Weather today' }).click();

  const message = panel.getByRole('textbox', { name: 'Message' });
  await message.pressSequentially('Compare @');
  const list = panel.getByRole('listbox', { name: 'Open tabs' });
  const titles = await list.getByRole('option').allTextContents();
  expect(titles).toEqual(expect.arrayContaining(['Lighthouse log', 'Weather today']));
  expect(titles.some((title) => title.includes('sidepanel'))).toBe(false);
  await message.press('Escape');
  await list.waitFor({ state: 'detached' });

  await message.pressSequentially('lighth');
  expect(await list.getByRole('option').allTextContents()).toEqual(['Lighthouse log']);
  await message.press('ArrowDown');
  expect(await list.getByRole('option', { selected: true }).textContent()).toBe('Lighthouse log');
  await message.press('Enter');
  await list.waitFor({ state: 'detached' });
  // The @ and what followed it give way to the chip.
  expect(await message.inputValue()).toBe('Compare ');
  expect(await chips(panel).textContent()).toBe('Weather today×Lighthouse log×');

  await ask(panel, 'Compare them');
  const named = panel.getByRole('list', { name: 'Pages this question is about' }).last().getByRole('listitem');
  await expect.poll(() => named.allTextContents()).toEqual(['Weather today', 'Lighthouse log']);
  await Promise.all([panel.close(), harbour.close(), weather.close()]);
});
