import type { FromContent, Reply, ToContent } from '../../contracts/page';
import type { FrameElement } from '../frame-element';
import type { Size } from '../position';
import { createPageTranslation, type PageTranslation } from './page-translation';

export interface TranslationHostDeps {
  doc: Document;
  send(message: FromContent): Promise<Reply<unknown>>;
  newFrame(): FrameElement;
  viewport(): Size;
  /** Nodes of Inkling's own UI. */
  isOwn(node: Node): boolean;
}

/** The bar's width; its height is what it says. */
const BAR_WIDTH = 420;
const MARGIN = 16;
/** What the background reads to tell the page's language. */
const SAMPLE_CHARS = 2_000;

/**
 * "Translate this page" in the page: the translation itself (the page's own text nodes, so it has
 * to run here) and the bar that shows how it goes, in a frame of its own at the bottom right. The
 * background decides who translates and does it; this only hands it the paragraphs.
 */
export function createTranslationHost(deps: TranslationHostDeps) {
  const { doc } = deps;
  let translation: PageTranslation | undefined;
  let bar: { frame: FrameElement; size?: Size } | undefined;

  function placeBar() {
    if (!bar) return;
    const viewport = deps.viewport();
    const width = Math.min(BAR_WIDTH, viewport.width - 2 * MARGIN);
    const placement = { left: viewport.width - width - MARGIN, bottom: MARGIN, room: viewport.height };
    if (bar.size) bar.frame.show(placement, { width, height: bar.size.height });
    else bar.frame.measure(placement, { width, height: 120 });
  }

  async function translatePage(): Promise<Reply> {
    if (translation && bar?.frame.alive) {
      placeBar();
      return { ok: true, value: undefined };
    }
    removeBar();
    bar = { frame: deps.newFrame() };
    placeBar();
    const started = await deps.send({
      type: 'translation-start',
      frame: bar.frame.name,
      lang: doc.documentElement.lang.slice(0, 40),
      // biome-ignore lint/performance/useDomNodeTextContent: shown text, not scripts, tells the language
      sample: (doc.body?.innerText ?? '').slice(0, SAMPLE_CHARS),
    });
    // The bar says why (the page is already in that language, no engine can run).
    if (!started.ok) return started;
    translation = createPageTranslation({
      doc,
      isOwn: deps.isOwn,
      async translate(paragraphs) {
        const reply = await deps.send({ type: 'translate-paragraphs', paragraphs });
        if (!reply.ok) throw new Error(reply.error);
        return reply.value as string[][] | null;
      },
      onProgress: (progress) => void deps.send({ type: 'translation-progress', progress }),
    });
    translation.start('replace');
    return { ok: true, value: undefined };
  }

  function removeBar() {
    bar?.frame.remove();
    bar = undefined;
  }

  return {
    receive(message: ToContent): Promise<Reply> | undefined {
      if (message.type === 'translate-page') return translatePage();
      if (message.type !== 'translation-action') return undefined;
      if (message.action === 'stop') translation?.stop();
      else if (message.action === 'bilingual' || message.action === 'replace') translation?.setMode(message.action);
      else {
        translation?.restore();
        translation = undefined;
        removeBar();
      }
      return undefined;
    },
    /** Whether `name` is the bar's frame. */
    owns: (name: string) => bar?.frame.name === name,
    sized(size: Size) {
      if (!bar) return;
      bar.size = size;
      placeBar();
    },
    /** Close or Escape in the bar: it goes out of sight; the translation stays. */
    hideBar: () => bar?.frame.hide(),
    follow: () => bar?.frame.shown && placeBar(),
    frame: () => bar?.frame,
    destroy() {
      translation?.restore();
      removeBar();
    },
  };
}

export type TranslationHost = ReturnType<typeof createTranslationHost>;
