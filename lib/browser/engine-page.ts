import { browser } from 'wxt/browser';

/**
 * The page that hosts the WebLLM and CPU engines (entrypoints/offscreen): they need Workers, which a
 * service worker cannot create, and a model that outlives the background's restarts.
 * - Chrome: an offscreen document.
 * - Firefox has no offscreen API, but its background is a page with a DOM. The same engine page runs
 *   there in an iframe rather than in the background's own window, so that both browsers run one
 *   engine host over one port protocol, and closing the frame when idle frees the model's memory and
 *   Workers as Chrome's closeDocument does. Its open port to the background keeps Firefox from
 *   suspending the event page while a model is loaded (the port's traffic is an event to it).
 */
const PATH = '/offscreen.html';
let creating: Promise<void> | undefined;

export function isEnginePage(url: string | undefined): boolean {
  return url === browser.runtime.getURL(PATH);
}

export async function openEnginePage(): Promise<void> {
  if (import.meta.env.FIREFOX) return openFrame();
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

export async function closeEnginePage(): Promise<void> {
  if (import.meta.env.FIREFOX) return void engineFrame()?.remove();
  await browser.offscreen.closeDocument().catch(() => {});
}

const FRAME_ID = 'inkling-engines';

function engineFrame(): HTMLIFrameElement | null {
  return document.getElementById(FRAME_ID) as HTMLIFrameElement | null;
}

async function openFrame(): Promise<void> {
  if (engineFrame()) return;
  const frame = document.createElement('iframe');
  frame.id = FRAME_ID;
  frame.src = browser.runtime.getURL(PATH);
  document.body.append(frame);
}
