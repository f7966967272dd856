import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, test } from 'vitest';
import type { Page } from 'playwright-core';
import { createTinyGguf } from '../fixtures/tiny-gguf';
import { serveModel, type ModelServer } from '../fixtures/model-server';
import { serveStatic, type StaticServer } from '../fixtures/static-server';
import { WLLAMA_ESM_DIR, wllamaPageHtml, type RawGeneration, type RawWllamaWindow } from '../fixtures/wllama-page';
import { launchExtension, type LoadedExtension } from '../e2e/extension';
import { instrumentPanel, type PanelTiming } from './panel-timing';
import { rate, spread } from './stats';

/**
 * What the side panel adds on top of wllama: the same build, model, prompt and sampling, once
 * through the whole product (offscreen engine, service worker, port, panel, markdown, DOM) and once
 * in a cross-origin-isolated plain page (as the engine's offscreen document is) with the same threads,
 * in interleaved trials of one run. Both sides are timed inside their own page.
 * Model: ../shared/models/stories260K.gguf when present, else INKLING_BENCH_MODEL, else the suite's
 * generated tiny model.
 */
const SHARED_MODEL = resolve(import.meta.dirname, '../../../shared/models/stories260K.gguf');
const modelPath = existsSync(SHARED_MODEL) ? SHARED_MODEL : process.env.INKLING_BENCH_MODEL;
const TRIALS = 15;
/** The same threads on both sides; 1 is what the engine takes by default on a 2-core machine. */
const THREADS = Number(process.env.INKLING_BENCH_THREADS ?? 1);
const MAX_TOKENS = 256;
const PROMPT = 'Once upon a time';

let extension: LoadedExtension;
let models: ModelServer;
let pages: StaticServer;
beforeAll(async () => {
  models = await serveModel(modelPath ? readFileSync(modelPath) : createTinyGguf());
  pages = await serveStatic({ '/wllama/': WLLAMA_ESM_DIR }, { isolated: true });
  extension = await launchExtension();
});
afterAll(async () => {
  await extension?.close();
  await pages?.close();
  await models?.close();
});

async function waitFor(check: () => Promise<boolean>, what: string) {
  for (let i = 0; i < 600; i++) {
    if (await check()) return;
    await new Promise((done) => setTimeout(done, 50));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

async function configure() {
  const options = await extension.openOptions();
  await options.getByLabel('Model name').fill(modelPath ? 'stories260K' : 'generated tiny model');
  await options.getByLabel('Model address').fill(models.url);
  await options.getByLabel('CPU threads').fill(String(THREADS));
  await options.getByRole('button', { name: 'Save engine settings' }).click();
  await options.getByLabel('Temperature (0 to 2; 0 gives the same answer every time)').fill('0');
  await options.getByLabel('Maximum answer length in tokens (16 to 8192)').fill(String(MAX_TOKENS));
  await options.getByRole('button', { name: 'Save sampling settings' }).click();
  await options.close();
}

async function openPanel(): Promise<Page> {
  const panel = await extension.openPanel();
  await panel.getByRole('button', { name: 'Download for llama.cpp on your CPU' }).click();
  const status = panel.getByRole('status', { name: 'Engine status' });
  await waitFor(async () => ((await status.textContent()) ?? '').includes('Answering with llama.cpp'), 'the model');
  // The exact answer text, as the Copy button hands it over (the DOM holds it rendered as markdown).
  await panel.evaluate(() => {
    Object.defineProperty(navigator.clipboard, 'writeText', {
      configurable: true,
      value: async (text: string) => {
        (window as unknown as { copied: string }).copied = text;
      },
    });
  });
  return panel;
}

interface PanelTrial extends PanelTiming {
  text: string;
  metrics: string;
  /** From the answer's metrics line: llama.cpp's count. */
  tokens: number;
}

async function panelTrial(panel: Page): Promise<PanelTrial> {
  await panel.bringToFront();
  const newChat = panel.getByRole('button', { name: 'New chat' });
  // One question per conversation, so that every prompt is the same length.
  if (await newChat.isEnabled()) await newChat.click();
  await waitFor(async () => (await panel.getByRole('article').count()) === 0, 'an empty conversation');
  await panel.getByRole('textbox', { name: 'Message' }).fill(PROMPT);
  await panel.evaluate(instrumentPanel);
  await panel.keyboard.press('Enter');
  const timing = await panel.evaluate(() => (window as unknown as { panelTiming: Promise<PanelTiming> }).panelTiming);
  const answer = panel.getByRole('article', { name: 'Inkling' }).last();
  const metrics = (await answer.locator('.metrics').textContent()) ?? '';
  await answer.getByRole('button', { name: 'Copy answer' }).click();
  const text = await panel.evaluate(() => (window as unknown as { copied: string }).copied);
  const tokens = Number(/(\d+) tokens(?!\/)/.exec(metrics)?.[1] ?? NaN);
  return { ...timing, text, metrics, tokens };
}

async function rawTrial(raw: Page): Promise<RawGeneration> {
  await raw.bringToFront();
  return raw.evaluate((request) => (window as unknown as RawWllamaWindow).rawGenerate(request), {
    content: PROMPT,
    maxTokens: MAX_TOKENS,
    temperature: 0,
  });
}

test('side panel DOM against raw wllama in a plain page', async () => {
  await configure();
  const panel = await openPanel();
  const raw = await extension.context.newPage();
  await raw.goto(pages.page('/raw.html', wllamaPageHtml(models.url, { threads: THREADS })));
  const load = await raw.evaluate(() => (window as unknown as RawWllamaWindow).rawReady);

  // One unmeasured answer on each side first: the first decode pays for warming up.
  await panelTrial(panel);
  await rawTrial(raw);
  const panels: PanelTrial[] = [];
  const raws: RawGeneration[] = [];
  for (let trial = 0; trial < TRIALS; trial++) {
    panels.push(await panelTrial(panel));
    raws.push(await rawTrial(raw));
  }

  const rawTokens = (r: RawGeneration) => r.completionTokens ?? r.chunks;
  const rawRate = raws.map((r) => rate(rawTokens(r), r.firstAt!, r.lastAt!));
  const rawFirst = raws.map((r) => r.firstAt! - r.calledAt);
  const panelRate = panels.map((p) => rate(p.tokens, p.firstTextAt, p.lastTextAt));
  const panelFirst = panels.map((p) => p.firstTextAt - p.enterAt);
  const engineRate = panels.map((p) => Number(/([\d.]+) tokens\/s/.exec(p.metrics)?.[1] ?? NaN));
  const same = panels.map((p, i) => p.text === raws[i]!.text);
  const visible = [...new Set(panels.map((p) => p.visibility))].join(', ');
  const r0 = raws[0]!;
  console.log(
    [
      `Side panel vs raw wllama, ${modelPath ?? 'generated tiny model'}, ` +
        `${TRIALS} interleaved trials each (after one warm-up each),`,
      `"${PROMPT}", up to ${MAX_TOKENS} tokens, temperature 0, a new conversation per panel trial.`,
      `Raw page: model loaded in ${load.loadMs.toFixed(0)} ms, ` +
        `${load.threads} thread(s)${load.multithread ? ' (multi-threaded)' : ''}, as the engine;` +
        ` ${rawTokens(r0)} tokens (${r0.chunks} chunks, ` +
        `prompt ${r0.promptTokens ?? '?'} tokens, finish ${r0.finishReason ?? '?'}).`,
      `Texts match: ${same.every(Boolean) ? 'yes, all trials' : `NO (${same.map((s) => (s ? '=' : '≠')).join('')})`};` +
        ` panel tokens ${[...new Set(panels.map((p) => p.tokens))].join('/')}, ` +
        `raw tokens ${[...new Set(raws.map(rawTokens))].join('/')}.`,
      `Panel page visibility during trials: ${visible}.`,
      '',
      `raw tok/s (first token on):        ${spread(rawRate, 0)}`,
      `raw call → first token:            ${spread(rawFirst, 1, ' ms')}`,
      `panel DOM tok/s (first→last text): ${spread(panelRate, 0)}`,
      `panel Enter → first DOM text:      ${spread(panelFirst, 1, ' ms')}`,
      `engine tok/s (answer's metrics):   ${spread(engineRate, 0)}`,
      `ratio engine ÷ raw tok/s:          ${spread(
        engineRate.map((e, i) => e / rawRate[i]!),
        3,
      )}`,
      `panel text updates per answer:     ${spread(
        panels.map((p) => p.textMutations),
        0,
      )}`,
      '',
      `ratio panel ÷ raw tok/s:           ${spread(
        panelRate.map((p, i) => p / rawRate[i]!),
        3,
      )}   target ≥ 0.97`,
      `(Enter→first text) − raw first:    ${spread(
        panelFirst.map((p, i) => p - rawFirst[i]!),
        1,
        ' ms',
      )}   target ≤ 15 ms`,
      '',
      `First answer: ${r0.text.slice(0, 160).replace(/\n/g, ' ')}…`,
    ].join('\n'),
  );
  if (!same.every(Boolean)) {
    const i = same.indexOf(false);
    console.log(
      `Trial ${i + 1} differs.\n panel: ${JSON.stringify(panels[i]!.text.slice(0, 300))}` +
        `\n raw:   ${JSON.stringify(raws[i]!.text.slice(0, 300))}`,
    );
  }
});
