import { browser } from 'wxt/browser';

/** The page that hosts the WebLLM and CPU engines: Workers and a model that outlives the worker. */
const PATH = '/offscreen.html';
let creating: Promise<void> | undefined;

export async function openOffscreenDocument(): Promise<void> {
  const url = browser.runtime.getURL(PATH);
  const existing = await browser.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'], documentUrls: [url] });
  if (existing.length > 0) return;
  // Only one offscreen document may exist: two callers at once share one creation.
  creating ??= browser.offscreen
    .createDocument({
      url: PATH,
      reasons: ['WORKERS'],
      justification:
        'Runs on-device language models (llama.cpp in WebAssembly, WebLLM on WebGPU), which need Web Workers.',
    })
    .finally(() => (creating = undefined));
  await creating;
}

export function isOffscreenDocument(url: string | undefined): boolean {
  return url === browser.runtime.getURL(PATH);
}

export async function closeOffscreenDocument(): Promise<void> {
  await browser.offscreen.closeDocument().catch(() => {});
}
