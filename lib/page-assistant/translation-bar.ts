import type { ToFrame } from '../contracts/page';
import { languageName } from '../tasks/fill-prompt';
import { button, el } from './dom';
import type { FramePort } from './frame-port';
import { reportSize } from './frame-port';

export const BAR_LABEL = 'Inkling translation';
export const SHOW_ORIGINAL_LABEL = 'Show original';
export const SIDE_BY_SIDE_LABEL = 'Side by side';
export const IN_PLACE_LABEL = 'In place';

type Translation = Extract<ToFrame, { type: 'translation' }>;
type TranslatorApi = Pick<typeof Translator, 'create'>;

export const DOWNLOAD_LABEL = 'Use Chrome’s translator';

/** What the bar says of a translation: languages, progress, and who does it. */
export function describeTranslation({ plan, progress }: Translation): string {
  const into = plan.target ? ` into ${languageName(plan.target)}` : '';
  const from = plan.source ? ` from ${languageName(plan.source)}` : '';
  const count = progress.total > 0 ? ` ${progress.done} of ${progress.total} paragraphs.` : '';
  const by = plan.by ? ` By ${plan.by}.` : '';
  switch (progress.state) {
    case 'translating':
      return `Translating${from}${into}…${count}${by}`;
    case 'done':
      return `Translated${from}${into}.${by}`;
    case 'stopped':
      return `Stopped.${count}${by}`;
    case 'failed':
      return 'The page could not be translated.';
  }
}

/**
 * The translation's bar, in its own frame: how the page's translation stands, and Stop, side by
 * side or in place, Show original and Close. The page's text itself never passes through here.
 */
export function startTranslationBar(
  doc: Document,
  port: FramePort,
  translatorApi: () => TranslatorApi | undefined = () => (globalThis as { Translator?: TranslatorApi }).Translator,
) {
  let bilingual = false;
  let plan: Translation['plan'] | undefined;
  const status = el(doc, 'div', { class: 'status', attrs: { role: 'status', 'aria-live': 'polite' } });
  const error = el(doc, 'div', { class: 'error', attrs: { role: 'alert' } });
  const act = (action: 'stop' | 'restore' | 'bilingual' | 'replace') =>
    port.send({ type: 'translation-action', action });
  const stop = button(doc, 'Stop', () => act('stop'));
  const mode = button(doc, SIDE_BY_SIDE_LABEL, () => {
    bilingual = !bilingual;
    mode.textContent = bilingual ? IN_PLACE_LABEL : SIDE_BY_SIDE_LABEL;
    act(bilingual ? 'bilingual' : 'replace');
  });
  const original = button(doc, SHOW_ORIGINAL_LABEL, () => {
    act('restore');
    port.send({ type: 'close' });
  });
  const close = button(doc, '×', () => port.send({ type: 'close' }), { class: 'icon', label: 'Close' });
  const download = button(doc, DOWNLOAD_LABEL, () => void downloadTranslator());
  download.hidden = true;
  const foot = el(doc, 'div', { class: 'foot' }, [stop, mode, original, download, close]);

  /**
   * Chrome's translator for the page's pair, downloaded once with the user's consent: this click is
   * that consent, and only a page the user clicked in may start the download.
   */
  async function downloadTranslator() {
    const api = translatorApi();
    if (!api || !plan?.source) return;
    download.disabled = true;
    error.textContent = '';
    try {
      await api.create({
        sourceLanguage: plan.source,
        targetLanguage: plan.target,
        monitor(monitor) {
          monitor.addEventListener('downloadprogress', (event) => {
            const percent = Math.round((event as ProgressEvent).loaded * 100);
            status.textContent = `Downloading Chrome’s translator… ${percent}%`;
          });
        },
      });
      download.hidden = true;
      port.send({ type: 'translation-action', action: 'use-translator' });
    } catch (caught) {
      download.disabled = false;
      const reason = caught instanceof Error ? caught.message : String(caught);
      error.textContent = `Chrome could not download its translator: ${reason}`;
    }
  }
  const bar = el(doc, 'div', { class: 'card bar', attrs: { role: 'region', 'aria-label': BAR_LABEL } }, [
    status,
    error,
    foot,
  ]);
  bar.addEventListener('keydown', (event) => {
    if (event.isTrusted && event.key === 'Escape') port.send({ type: 'close' });
  });
  doc.body.append(bar);
  status.textContent = 'Reading the page…';

  port.onMessage((message) => {
    if (message.type !== 'translation') return;
    plan = message.plan;
    status.textContent = describeTranslation(message);
    download.hidden = !message.plan.downloadable || !translatorApi() || message.progress.state === 'failed';
    error.textContent = message.progress.error ?? '';
    stop.hidden = message.progress.state !== 'translating';
    mode.hidden = original.hidden = message.progress.state === 'failed';
  });
  return reportSize(bar, port, doc.defaultView ?? window);
}
