import { test } from 'vitest';
import { longArticle } from '../fixtures/long-article';
import { withCpuModel } from '../e2e/suites';
import { instrumentPanel, type PanelTiming } from './panel-timing';

/**
 * "Use this page" on a 300 KB article, answered by the CPU engine with the suite's generated model:
 * from the Enter key to the first answer text in the side panel's DOM, which includes reading the
 * page in the tab, sending it to the service worker, storing it, splitting and ranking its passages
 * and the engine's prefill of the prompt. Each round is a new chat, so the page is read every time.
 */
const ROUNDS = 5;

const suite = withCpuModel(16);

test('"Use this page" on a 300 KB page, before the first token', async () => {
  const article = await suite.extension.context.newPage();
  await article.goto(suite.pages.page('/harbour', longArticle(300, 'The lighthouse keeper is named Ada Lovelace.')));
  const panel = await suite.extension.openPanel();
  const firsts: number[] = [];
  const rows: string[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    if (round > 0) await panel.getByRole('button', { name: 'New chat' }).click();
    await panel.getByRole('button', { name: 'Use this page: The harbour town' }).click();
    await panel.getByRole('textbox', { name: 'Message' }).fill('Who is the lighthouse keeper?');
    await panel.evaluate(instrumentPanel);
    await panel.getByRole('textbox', { name: 'Message' }).press('Enter');
    const timing = await panel.evaluate(() => (window as unknown as { panelTiming: Promise<PanelTiming> }).panelTiming);
    firsts.push(timing.firstTextAt - timing.enterAt);
    const answer = panel.getByRole('article', { name: 'Inkling' }).last();
    rows.push((await answer.locator('.metrics').textContent()) ?? '');
  }
  const sorted = [...firsts].sort((a, b) => a - b);
  const sources = await panel.getByRole('list', { name: 'Pages this question is about' }).last().textContent();
  console.log(
    [
      `"Use this page" on a 300 KB page (${sources}), CPU engine, generated tiny model, ${ROUNDS} rounds:`,
      `Enter to first answer text: median ${Math.round(sorted[Math.floor(ROUNDS / 2)]!)} ms,` +
        ` range ${Math.round(sorted[0]!)}–${Math.round(sorted.at(-1)!)} ms`,
      ...rows,
    ].join('\n'),
  );
});
