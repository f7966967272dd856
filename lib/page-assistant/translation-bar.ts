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
export function startTranslationBar(doc: Document, port: FramePort) {
  let bilingual = false;
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
  const foot = el(doc, 'div', { class: 'foot' }, [stop, mode, original, close]);
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
    status.textContent = describeTranslation(message);
    error.textContent = message.progress.error ?? '';
    stop.hidden = message.progress.state !== 'translating';
    mode.hidden = original.hidden = message.progress.state === 'failed';
  });
  return reportSize(bar, port, doc.defaultView ?? window);
}
