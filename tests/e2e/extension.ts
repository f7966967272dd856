import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { chromium, type BrowserContext, type Frame, type Page, type Worker } from 'playwright-core';
import type { FakeLanguageModelConfig, FakeLog } from '../fakes/fake-language-model';
import type { FakeSummarizerConfig, FakeSummarizerLog } from '../fakes/fake-summarizer';
import type { FakeTranslatorConfig, FakeTranslatorLog } from '../fakes/fake-translator';
import type { FakeWritingConfig, FakeWritingLog } from '../fakes/fake-writing-apis';

export const EXTENSION_DIR = resolve(import.meta.dirname, '../../.output/chrome-mv3');

export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}

/** Flags from ../shared/notes/platform.md §2: without the networking ones Chromium floods the closed network. */
export const HEADLESS_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

const CHROMIUM_ARGS = [
  `--disable-extensions-except=${EXTENSION_DIR}`,
  `--load-extension=${EXTENSION_DIR}`,
  ...HEADLESS_ARGS,
];

export interface LoadedExtension {
  context: BrowserContext;
  worker: Worker;
  extensionId: string;
  /** The side panel's page, opened as a tab so that a test can drive it. */
  openPanel(): Promise<Page>;
  openOptions(): Promise<Page>;
  /** Replaces the service worker's `LanguageModel` with the spec-following fake. */
  installFakeLanguageModel(config?: FakeLanguageModelConfig): Promise<void>;
  fakeLog(): Promise<FakeLog>;
  /** Replaces the service worker's `Summarizer` with the spec-following fake. */
  installFakeSummarizer(config?: FakeSummarizerConfig): Promise<void>;
  fakeSummarizerLog(): Promise<FakeSummarizerLog>;
  /** Replaces the service worker's `Translator` and `LanguageDetector` with the spec-following fakes. */
  installFakeTranslator(config?: FakeTranslatorConfig): Promise<void>;
  fakeTranslatorLog(): Promise<FakeTranslatorLog>;
  /** The same fakes in one of the extension's own frames (Chrome's APIs are per window there too). */
  installFakeTranslatorIn(frame: Frame, config?: FakeTranslatorConfig): Promise<void>;
  /** Puts the spec-following Proofreader, Rewriter and Writer fakes in the service worker. */
  installFakeWritingApis(config?: FakeWritingConfig): Promise<void>;
  fakeWritingLog(): Promise<FakeWritingLog>;
  close(): Promise<void>;
}

export interface LaunchOptions {
  /** More Chromium switches, e.g. `--enable-unsafe-webgpu`. */
  extraArgs?: string[];
  /** A profile to reuse, as after a browser restart; it is kept on close. */
  profile?: string;
}

export async function launchExtension({
  extraArgs = [],
  profile: reused,
}: LaunchOptions = {}): Promise<LoadedExtension> {
  const profile = reused ?? (await mkdtemp(join(tmpdir(), 'inkling-e2e-')));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    args: [...CHROMIUM_ARGS, ...extraArgs],
  });
  // A step that cannot happen fails by itself, naming the step, well within the test's own timeout.
  context.setDefaultTimeout(20_000);
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(worker.url()).host;
  let fakesLoaded = false;
  const loadFakes = async () => {
    if (!fakesLoaded) await worker.evaluate(await fakeBundle());
    fakesLoaded = true;
  };
  const openPage = async (path: string) => {
    const page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId}/${path}`);
    return page;
  };

  return {
    context,
    worker,
    extensionId,
    openPanel: () => openPage('sidepanel.html'),
    openOptions: () => openPage('options.html'),
    async installFakeLanguageModel(config = {}) {
      await loadFakes();
      await worker.evaluate((c) => (globalThis as unknown as FakeHandle).__inklingFake.install(c), config);
    },
    async installFakeSummarizer(config = {}) {
      await loadFakes();
      await worker.evaluate((c) => (globalThis as unknown as FakeHandle).__inklingFake.installSummarizer(c), config);
    },
    fakeSummarizerLog() {
      return worker.evaluate(() => (globalThis as unknown as FakeHandle).__inklingFake.summarizerLog());
    },
    async installFakeTranslator(config = {}) {
      await loadFakes();
      await worker.evaluate((c) => (globalThis as unknown as FakeHandle).__inklingFake.installTranslator(c), config);
    },
    fakeTranslatorLog() {
      return worker.evaluate(() => (globalThis as unknown as FakeHandle).__inklingFake.translatorLog());
    },
    async installFakeTranslatorIn(frame, config = {}) {
      await frame.evaluate(await fakeBundle());
      await frame.evaluate((c) => (globalThis as unknown as FakeHandle).__inklingFake.installTranslator(c), config);
    },
    async installFakeWritingApis(config = {}) {
      await loadFakes();
      await worker.evaluate((c) => (globalThis as unknown as FakeHandle).__inklingFake.installWriting(c), config);
    },
    fakeWritingLog() {
      return worker.evaluate(() => (globalThis as unknown as FakeHandle).__inklingFake.writingLog());
    },
    fakeLog() {
      return worker.evaluate(() => (globalThis as unknown as FakeHandle).__inklingFake.log());
    },
    async close() {
      await context.close();
      if (!reused) await rm(profile, { recursive: true, force: true });
    },
  };
}

interface FakeHandle {
  __inklingFake: {
    install(config: FakeLanguageModelConfig): void;
    log(): FakeLog;
    installSummarizer(config: FakeSummarizerConfig): void;
    summarizerLog(): FakeSummarizerLog;
    installTranslator(config: FakeTranslatorConfig): void;
    translatorLog(): FakeTranslatorLog;
    installWriting(config: FakeWritingConfig): void;
    writingLog(): FakeWritingLog;
  };
}

let bundled: Promise<string> | undefined;

/** The fake, bundled into one script that the service worker can evaluate. */
function fakeBundle(): Promise<string> {
  bundled ??= build({
    entryPoints: [resolve(import.meta.dirname, '../fakes/worker-entry.ts')],
    bundle: true,
    format: 'iife',
    write: false,
    target: 'chrome120',
  }).then((result) => result.outputFiles[0]!.text);
  return bundled;
}
