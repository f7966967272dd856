import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { serveModel, type ModelServer } from '../fixtures/model-server';
import { createTinyGguf } from '../fixtures/tiny-gguf';
import { useTinyCpuModel } from './cpu-model';
import { launchFirefox, type LoadedFirefox } from './firefox';
import { answerStatus, answerText, ask, click, text } from './ui';

// Conversations in Firefox's real IndexedDB, kept across a restart of the browser on one profile.
let profile: string;
let firefox: LoadedFirefox;
let model: ModelServer;

beforeAll(async () => {
  profile = await mkdtemp(join(tmpdir(), 'inkling-firefox-profile-'));
  [model, firefox] = await Promise.all([serveModel(createTinyGguf()), launchFirefox({ profile })]);
});
afterAll(async () => {
  await firefox?.close();
  await model?.close();
  await rm(profile, { recursive: true, force: true });
});

test('Firefox: a conversation and the downloaded model survive a browser restart', async () => {
  await useTinyCpuModel(firefox, model.url, 24);
  let panel = await firefox.openPanel();
  await ask(panel, 'Remember the lighthouse');
  await expect.poll(() => answerStatus(panel), { timeout: 30_000 }).toBe('done');
  const answer = await answerText(panel);
  expect(answer.length).toBeGreaterThan(0);

  await firefox.close();
  firefox = await launchFirefox({ profile });
  panel = await firefox.openPanel();
  // The model is still there: nothing is downloaded again.
  await expect
    .poll(() => text(panel, '.engine-status .headline'), { timeout: 30_000 })
    .toBe('Answering with llama.cpp on your CPU: Tiny test model.');
  expect(model.requests()).toBe(1);
  await click(panel, 'Conversations');
  await click(panel, 'Open Remember the lighthouse');
  await expect.poll(() => text(panel, 'article[aria-label="You"] .text')).toBe('Remember the lighthouse');
  expect(await answerText(panel)).toBe(answer);
});
