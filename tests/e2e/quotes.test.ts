import { expect, test } from 'vitest';
import { withExtensionAndPages } from './suites';

// An answer that quotes the page, from the spec-following fake `LanguageModel` under a JSON-schema
// `responseConstraint`: one of its quotes is in the page, the other invented.
const suite = withExtensionAndPages();

const TRUE_QUOTE = 'Sea otters hold hands while they sleep, so that they do not drift apart.';
const INVENTED_QUOTE = 'Otters build dams every winter.';

test('the true quote is a citation that highlights its words in the page; the invented one is flagged', async () => {
  await suite.extension.installFakeLanguageModel({
    structuredReply: {
      answer: 'They hold hands so as not to drift apart [1].',
      quotes: [
        // Typographic quotes and other line breaks than the page's still count as its words.
        { text: TRUE_QUOTE.replace('so that', '\n so that'), page: 1 },
        { text: INVENTED_QUOTE, page: 1 },
      ],
    },
  });
  const filler = Array.from({ length: 30 }, (_, i) => `<p>Paragraph ${i} is about the coast.</p>`).join('');
  const html = `<!doctype html><title>Sea otters</title><article><h1>Sea otters</h1>${filler}<p>Sea otters hold
    hands while they sleep, so that they do not drift apart.</p>${filler}</article>`;
  const article = await suite.extension.context.newPage();
  await article.goto(suite.pages.page('/otters', html));

  const panel = await suite.extension.openPanel();
  await panel.getByRole('status', { name: 'Engine status' }).getByText('Answering with Gemini Nano').waitFor();
  await panel.getByRole('button', { name: 'Use this page: Sea otters' }).click();
  await panel.getByRole('textbox', { name: 'Message' }).fill('Why do otters hold hands?');
  await panel.getByRole('textbox', { name: 'Message' }).press('Enter');
  const answer = panel.getByRole('article', { name: 'Inkling' }).last();
  await expect.poll(() => answer.getAttribute('data-status')).toBe('done');

  // Asked for structured output; the JSON never shows, only the answer's text and its checked quotes.
  const prompt = (await suite.extension.fakeLog()).prompts.at(-1);
  expect(prompt?.responseConstraint).toMatchObject({ type: 'object', required: ['answer', 'quotes'] });
  expect(await answer.locator('.answer').textContent()).toBe('They hold hands so as not to drift apart [1].');
  const quotes = answer.getByRole('region', { name: 'Quotes from the pages' });
  const citations = quotes.getByRole('listitem');
  const shown = (await citations.allTextContents()).map((text) => text.replace(/\s+/g, ' '));
  expect(shown).toEqual([`“${TRUE_QUOTE}” (Sea otters)`]);
  expect(await quotes.locator('.unverified').textContent()).toBe(`“${INVENTED_QUOTE}” not found in the page`);

  await citations.getByRole('button').click();
  await expect.poll(() => article.evaluate(() => document.visibilityState)).toBe('visible');
  await expect
    .poll(() =>
      article.evaluate(() => {
        const highlight = CSS.highlights.get('inkling-quote');
        const [range] = highlight ? [...highlight] : [];
        return range?.toString().replace(/\s+/g, ' ');
      }),
    )
    .toBe(TRUE_QUOTE);
  // Scrolled to it: the highlighted paragraph is in view.
  const inView = await article.evaluate(() => {
    const [range] = [...(CSS.highlights.get('inkling-quote') ?? [])];
    const box = (range as Range).getBoundingClientRect();
    return box.top >= 0 && box.bottom <= innerHeight;
  });
  expect(inView).toBe(true);
});
