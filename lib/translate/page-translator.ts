import { InklingError } from '../contracts/errors';
import type { TranslationPlan } from '../contracts/page';
import { languageName } from '../tasks/fill-prompt';
import { linesPrompt, parseLines } from './engine-lines';

type TranslatorApi = Pick<typeof Translator, 'availability' | 'create'>;
type DetectorApi = Pick<typeof LanguageDetector, 'availability' | 'create'>;

export interface PageTranslatorDeps {
  /** Chrome's Translator and LanguageDetector, where the browser has them. */
  translatorApi(): TranslatorApi | undefined;
  detectorApi(): DetectorApi | undefined;
  /** A prompt answered whole by the engine in use. */
  complete(prompt: string, signal: AbortSignal): Promise<{ text: string }>;
  /** The label of the engine that would answer now. */
  engineLabel(): Promise<string>;
  /** The language to translate into: the browser's. */
  target(): string;
}

interface Job {
  plan: TranslationPlan;
  translator?: Translator;
  stopping: AbortController;
}

export const CHROME_TRANSLATOR_LABEL = 'Chrome’s translator';

const base = (language: string) => language.trim().toLowerCase().split(/[-_]/)[0] ?? '';

/**
 * Translates pages, one job per tab: Chrome's Translator where it is ready for the page's
 * language pair (on the device, fast), else the engine in use with a prompt. The page's language
 * comes from Chrome's LanguageDetector when it is ready, else from the page's own `lang`.
 */
export function createPageTranslator(deps: PageTranslatorDeps) {
  const jobs = new Map<number, Job>();

  async function detect(sample: string, lang: string): Promise<string | undefined> {
    const api = deps.detectorApi();
    if (api && sample.trim() && (await api.availability().catch(() => 'unavailable')) === 'available') {
      try {
        const detector = await api.create();
        const [best] = await detector.detect(sample);
        detector.destroy();
        if (best?.detectedLanguage && best.detectedLanguage !== 'und' && (best.confidence ?? 0) >= 0.5)
          return best.detectedLanguage;
      } catch {
        // Fall back to what the page says of itself.
      }
    }
    return base(lang) || undefined;
  }

  const pairAvailability = async (source: string | undefined, target: string) => {
    const api = deps.translatorApi();
    if (!api || !source) return 'unavailable';
    return api.availability({ sourceLanguage: source, targetLanguage: target }).catch(() => 'unavailable' as const);
  };

  async function chromeTranslator(source: string | undefined, target: string): Promise<Translator | undefined> {
    // A pair Chrome would first download is left to the engine: the download needs the user's say,
    // which the translation's bar asks for (only a page with the user's click may start it).
    if ((await pairAvailability(source, target)) !== 'available') return undefined;
    return deps
      .translatorApi()!
      .create({ sourceLanguage: source!, targetLanguage: target })
      .catch(() => undefined);
  }

  async function start(tabId: number, page: { lang: string; sample: string }): Promise<TranslationPlan> {
    stop(tabId);
    const target = base(deps.target()) || 'en';
    const source = await detect(page.sample, page.lang);
    if (source && base(source) === target) {
      throw new InklingError('bad-request', `This page is already in ${languageName(target)}.`);
    }
    const translator = await chromeTranslator(source, target);
    const by = translator ? CHROME_TRANSLATOR_LABEL : await deps.engineLabel();
    const downloadable = !translator && (await pairAvailability(source, target)) === 'downloadable';
    const plan: TranslationPlan = { ...(source && { source }), target, by, ...(downloadable && { downloadable }) };
    jobs.set(tabId, { plan, stopping: new AbortController(), ...(translator && { translator }) });
    return plan;
  }

  async function withTranslator(translator: Translator, paragraphs: string[][], signal: AbortSignal) {
    const one = (text: string) => (text.trim() ? translator.translate(text, { signal }) : Promise.resolve(text));
    const result: string[][] = [];
    for (const segments of paragraphs) {
      // A paragraph whole, for context; its segments again one by one if the lines do not come back.
      const joined = (await one(segments.join('\n'))).split('\n');
      result.push(joined.length === segments.length ? joined : await Promise.all(segments.map(one)));
    }
    return result;
  }

  /** The paragraphs translated; null when the user stopped the translation meanwhile. */
  async function translate(tabId: number, paragraphs: string[][]): Promise<string[][] | null> {
    const job = jobs.get(tabId);
    if (!job) throw new InklingError('bad-request', 'Start the translation again from Inkling’s menu.');
    const { signal } = job.stopping;
    try {
      if (job.translator) return await withTranslator(job.translator, paragraphs, signal);
      const { text } = await deps.complete(linesPrompt(paragraphs, job.plan.target), signal);
      signal.throwIfAborted();
      return parseLines(text, paragraphs);
    } catch (error) {
      if (signal.aborted) return null;
      throw error;
    }
  }

  /**
   * After the user downloaded Chrome's translator for the pair (in the bar): the rest of the page
   * is translated with it. Chrome may take a moment to say the pair is ready.
   */
  async function useTranslator(tabId: number): Promise<TranslationPlan> {
    const job = jobs.get(tabId);
    if (!job) throw new InklingError('bad-request', 'Start the translation again from Inkling’s menu.');
    for (let attempt = 0; attempt < 20 && !job.translator; attempt++) {
      job.translator = await chromeTranslator(job.plan.source, job.plan.target);
      if (!job.translator) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    if (!job.translator) throw new InklingError('engine-failed', 'Chrome’s translator is not ready yet. Try again.');
    const { downloadable: _done, ...plan } = job.plan;
    job.plan = { ...plan, by: CHROME_TRANSLATOR_LABEL };
    return job.plan;
  }

  function stop(tabId: number) {
    const job = jobs.get(tabId);
    if (!job) return;
    job.stopping.abort();
    job.stopping = new AbortController();
  }

  return {
    start,
    translate,
    useTranslator,
    stop,
    /** The tab closed: its translator goes. */
    forget(tabId: number) {
      stop(tabId);
      jobs.get(tabId)?.translator?.destroy();
      jobs.delete(tabId);
    },
  };
}

export type PageTranslator = ReturnType<typeof createPageTranslator>;
