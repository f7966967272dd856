import { afterAll, beforeAll, test } from 'vitest';
import type { Page } from 'playwright-core';
import { loadLocalModel, sharedModelFile, tinyModelFile, type LocalModel } from '../fixtures/llama-model';
import { startLlmServer, type Generation, type LlmServer } from '../fixtures/llm-server';
import { serveStatic, type StaticServer } from '../fixtures/static-server';
import { launchExtension, type LoadedExtension } from '../e2e/extension';
import { openRecordedOptions, saveServer, testConnection } from '../e2e/server-options';
import { directGenerate, type DirectGeneration } from './direct-client';
import { instrumentPanel, type PanelTiming } from './panel-timing';
import { rate, spread } from './stats';

/**
 * What the extension adds on top of the user's server: the same llama.cpp server (node-llama-cpp behind
 * the test server's OpenAI SSE), prompt and sampling, once through the whole product (options, service
 * worker, port, panel, markdown, DOM) and once read by a plain client in an ordinary page, in
 * interleaved trials of one run, each timed inside its own page.
 */
const TRIALS = 12;
const MAX_TOKENS = 1024;
const PROMPT = 'Once upon a time';
const MODEL = 'bench-model';
const modelPath = sharedModelFile();

let model: LocalModel;
let server: LlmServer;
let pages: StaticServer;
let extension: LoadedExtension;
beforeAll(async () => {
  model = await loadLocalModel(modelPath ?? (await tinyModelFile()), 4096);
  server = await startLlmServer({ model, models: [MODEL] });
  pages = await serveStatic();
  extension = await launchExtension();
});
afterAll(async () => {
  await extension?.close();
  await pages?.close();
  await server?.close();
  await model?.close();
});

async function configure() {
  const options = await openRecordedOptions(extension);
  await options.getByLabel('Temperature (0 to 2; 0 gives the same answer every time)').fill('0');
  await options.getByLabel('Maximum answer length in tokens (16 to 8192)').fill(String(MAX_TOKENS));
  await options.getByRole('button', { name: 'Save sampling settings' }).click();
  await testConnection(options, `${server.origin}/v1`);
  await saveServer(options);
  await options.close();
}

interface PanelTrial extends PanelTiming {
  tokens: number;
}

async function panelTrial(panel: Page): Promise<PanelTrial> {
  await panel.bringToFront();
  const newChat = panel.getByRole('button', { name: 'New chat' });
  // One question per conversation, so that every prompt is the same.
  if (await newChat.isEnabled()) await newChat.click();
  await panel.getByRole('textbox', { name: 'Message' }).fill(PROMPT);
  await panel.evaluate(instrumentPanel);
  await panel.keyboard.press('Enter');
  const timing = await panel.evaluate(() => (window as unknown as { panelTiming: Promise<PanelTiming> }).panelTiming);
  const metrics =
    (await panel.getByRole('article', { name: 'Inkling' }).last().locator('.metrics').textContent()) ?? '';
  return { ...timing, tokens: Number(/(\d+) tokens(?!\/)/.exec(metrics)?.[1] ?? NaN) };
}

async function directTrial(page: Page): Promise<DirectGeneration> {
  await page.bringToFront();
  return page.evaluate(directGenerate, {
    url: `${server.origin}/v1/chat/completions`,
    model: MODEL,
    content: PROMPT,
    maxTokens: MAX_TOKENS,
  });
}

test('side panel DOM against a plain client of the same server', async () => {
  await configure();
  const panel = await extension.openPanel();
  const direct = await extension.context.newPage();
  await direct.goto(pages.page('/direct.html', '<!doctype html><title>Direct client</title>'));
  // One unmeasured answer on each side first: the first decode pays for warming up.
  await panelTrial(panel);
  await directTrial(direct);
  const panels: PanelTrial[] = [];
  const directs: DirectGeneration[] = [];
  const generated = { panel: [] as Generation[], direct: [] as Generation[] };
  for (let trial = 0; trial < TRIALS; trial++) {
    panels.push(await panelTrial(panel));
    generated.panel.push(server.generations.at(-1)!);
    directs.push(await directTrial(direct));
    generated.direct.push(server.generations.at(-1)!);
  }
  const serverRate = (g: Generation) => rate(g.tokens, g.firstAt, g.lastAt);
  const serverFirst = (g: Generation) => g.firstAt - g.arrivedAt;
  const directTokens = (d: DirectGeneration) => d.completionTokens ?? NaN;
  const directRate = directs.map((d) => rate(directTokens(d), d.firstAt!, d.lastAt!));
  const directFirst = directs.map((d) => d.firstAt! - d.calledAt);
  const panelRate = panels.map((p) => rate(p.tokens, p.firstTextAt, p.lastTextAt));
  const panelFirst = panels.map((p) => p.firstTextAt - p.enterAt);
  console.log(
    [
      `Side panel vs a plain client of the same server (llama.cpp via node-llama-cpp, OpenAI SSE), ` +
        `${modelPath ?? 'generated tiny model'}, ${TRIALS} interleaved trials each (after one warm-up each),`,
      `"${PROMPT}", up to ${MAX_TOKENS} tokens, temperature 0, a new conversation per panel trial.`,
      `Tokens: panel ${[...new Set(panels.map((p) => p.tokens))].join('/')}, ` +
        `direct ${[...new Set(directs.map(directTokens))].join('/')}.`,
      '',
      `direct tok/s (first token on):     ${spread(directRate, 0)}`,
      `direct call → first token:         ${spread(directFirst, 1, ' ms')}`,
      `panel DOM tok/s (first→last text): ${spread(panelRate, 0)}`,
      `panel Enter → first DOM text:      ${spread(panelFirst, 1, ' ms')}`,
      `server's own tok/s, panel trials:  ${spread(generated.panel.map(serverRate), 0)}`,
      `server's own tok/s, direct trials: ${spread(generated.direct.map(serverRate), 0)}`,
      `panel DOM ÷ server's own tok/s, same trial: ${spread(
        panelRate.map((p, i) => p / serverRate(generated.panel[i]!)),
        3,
      )}`,
      `outside the server before the first text, panel:  ${spread(
        panelFirst.map((p, i) => p - serverFirst(generated.panel[i]!)),
        1,
        ' ms',
      )}`,
      `outside the server before the first text, direct: ${spread(
        directFirst.map((d, i) => d - serverFirst(generated.direct[i]!)),
        1,
        ' ms',
      )}`,
      '',
      `ratio panel ÷ direct tok/s:        ${spread(
        panelRate.map((p, i) => p / directRate[i]!),
        3,
      )}   target ≥ 0.97`,
      `(Enter→first text) − direct first: ${spread(
        panelFirst.map((p, i) => p - directFirst[i]!),
        1,
        ' ms',
      )}   target ≤ 15 ms`,
    ].join('\n'),
  );
});
