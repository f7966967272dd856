import { test } from 'vitest';
import { launchExtension } from '../e2e/extension';
import { useTinyCpuModel as useChromiumModel } from '../e2e/suites';
import { useTinyCpuModel as useFirefoxModel } from '../e2e-firefox/cpu-model';
import { launchFirefox } from '../e2e-firefox/firefox';
import { answerMetrics, answerStatus, ask, click, text } from '../e2e-firefox/ui';
import { serveModel, type ModelServer } from '../fixtures/model-server';
import { benchModels } from './bench-models';
import { median, spread } from './stats';

/**
 * The CPU engine's speed in Firefox ESR beside Chromium's, on the same models in the same run:
 * each browser downloads the model from 127.0.0.1 and writes answers of 128 tokens at temperature 0
 * in its panel, and the bench reads the tokens/s each panel shows.
 */
const ROUNDS = 5;
const TOKENS = 128;
const PROMPT = 'Once upon a time';

const threadsOf = (engine: string) => /on your CPU, \d+ threads?/.exec(engine)?.[0] ?? 'threads not shown';
const speedOf = (metrics: string) => Number(/([\d.]+) tokens\/s/.exec(metrics)?.[1]);

async function untilDone(status: () => Promise<string | null>) {
  for (let i = 0; i < 1200 && (await status()) !== 'done'; i++) await new Promise((wake) => setTimeout(wake, 50));
}

async function chromiumSpeeds(model: ModelServer): Promise<{ speeds: number[]; engine: string }> {
  const extension = await launchExtension();
  try {
    await useChromiumModel(extension, TOKENS, model);
    const options = await extension.openOptions();
    await options.getByLabel('Temperature (0 to 2; 0 gives the same answer every time)').fill('0');
    await options.getByRole('button', { name: 'Save sampling settings' }).click();
    const panel = await extension.openPanel();
    const speeds: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      if (round > 0) await panel.getByRole('button', { name: 'New chat' }).click();
      await panel.getByRole('textbox', { name: 'Message' }).fill(PROMPT);
      await panel.getByRole('textbox', { name: 'Message' }).press('Enter');
      const answer = panel.getByRole('article', { name: 'Inkling' }).last();
      await untilDone(() => answer.getAttribute('data-status'));
      speeds.push(speedOf((await answer.locator('.metrics').textContent()) ?? ''));
    }
    // Read once the model is loaded: it then says how many threads it runs on.
    const engine = (await panel.getByRole('status', { name: 'Engine status' }).textContent()) ?? '';
    return { speeds, engine };
  } finally {
    await extension.close();
  }
}

async function firefoxSpeeds(modelUrl: string): Promise<{ speeds: number[]; engine: string }> {
  const firefox = await launchFirefox();
  try {
    await useFirefoxModel(firefox, modelUrl, TOKENS, '0');
    const panel = await firefox.openPanel();
    const speeds: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      if (round > 0) await click(panel, 'New chat');
      await ask(panel, PROMPT);
      await untilDone(() => answerStatus(panel));
      speeds.push(speedOf(await answerMetrics(panel)));
    }
    const engine = await text(panel, '[role=status][aria-label="Engine status"]');
    return { speeds, engine };
  } finally {
    await firefox.close();
  }
}

test('CPU engine: Firefox ESR beside Chromium', async () => {
  const lines: string[] = [];
  for (const { name, bytes } of benchModels()) {
    const server = await serveModel(bytes);
    try {
      const chromium = await chromiumSpeeds(server);
      const firefox = await firefoxSpeeds(server.url);
      lines.push(
        `${name}, ${ROUNDS} answers of ${TOKENS} tokens:`,
        `  Chromium ${spread(chromium.speeds, 1, ' tokens/s')} — ${threadsOf(chromium.engine)}`,
        `  Firefox  ${spread(firefox.speeds, 1, ' tokens/s')} — ${threadsOf(firefox.engine)}`,
        `  Firefox / Chromium: ${(median(firefox.speeds) / median(chromium.speeds)).toFixed(2)}`,
      );
    } finally {
      await server.close();
    }
  }
  console.log(lines.join('\n'));
});
