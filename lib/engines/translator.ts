import { InklingError } from '../contracts/errors';
import type { Availability, EngineFinish, PrepareProgress } from '../contracts/engine';
import { taskApiDeltas } from './task-api-stream';
import type { ContextInfo, Engine, EngineRequest } from './engine';

type TranslatorApi = Pick<typeof Translator, 'availability' | 'create'>;
type DetectorApi = Pick<typeof LanguageDetector, 'availability' | 'create'>;

const base = (language: string) => language.toLowerCase().split(/[-_]/)[0] ?? language;

/**
 * Chrome's Translator API (Chrome 138+, on the device), for "Translate" on a selection where it is
 * ready: the text's language from Chrome's LanguageDetector, into the browser's. Any other request,
 * or one it cannot take (no detector, a pair it would first download, too long), goes to the engine.
 */
export class TranslatorEngine implements Engine {
  readonly id = 'builtin';
  readonly label = 'Chrome’s translator';
  readonly model = 'on-device translation';
  private translators = new Map<string, Promise<Translator>>();
  private pairs = new Map<string, { source: string; target: string }>();

  constructor(
    private readonly api: () => { translator?: TranslatorApi; detector?: DetectorApi } = () => ({
      translator: (globalThis as { Translator?: TranslatorApi }).Translator,
      detector: (globalThis as { LanguageDetector?: DetectorApi }).LanguageDetector,
    }),
  ) {}

  async availability(): Promise<Availability> {
    return this.api().translator
      ? { state: 'available' }
      : { state: 'unavailable', reason: 'This browser has no Translator API.', remedy: 'Use Chrome 138 or newer.' };
  }

  /** Whether it can translate `text` into `language` now: its language known, the pair ready, within quota. */
  async accepts(text: string, language = 'en'): Promise<boolean> {
    const { translator, detector } = this.api();
    if (!translator || !detector || (await detector.availability().catch(() => 'unavailable')) !== 'available')
      return false;
    try {
      const found = await detector.create();
      const [best] = await found.detect(text.slice(0, 2_000));
      found.destroy();
      const source = best?.detectedLanguage;
      const target = base(language);
      if (!source || source === 'und' || (best.confidence ?? 0) < 0.5 || base(source) === target) return false;
      const pair = { sourceLanguage: source, targetLanguage: target };
      if ((await translator.availability(pair)) !== 'available') return false;
      const session = await this.session(source, target);
      if ((await session.measureInputUsage(text)) > session.inputQuota) return false;
      this.pairs.set(text, { source, target });
      return true;
    } catch {
      return false;
    }
  }

  async prepare(_onProgress: (progress: PrepareProgress) => void, _signal: AbortSignal): Promise<void> {
    throw new InklingError('engine-failed', 'Chrome’s translator is used only when it is ready.');
  }

  async *stream(request: EngineRequest): AsyncGenerator<string, EngineFinish, undefined> {
    const text = request.messages.at(-1)?.content ?? '';
    const pair = this.pairs.get(text);
    this.pairs.delete(text);
    if (!pair) throw new InklingError('engine-failed', 'Chrome’s translator was not asked about this text.');
    const { signal } = request;
    return yield* taskApiDeltas(
      async () => (await this.session(pair.source, pair.target)).translateStreaming(text, { signal }),
      signal,
    );
  }

  contextInfo(): ContextInfo {
    return {};
  }

  /** One translator per language pair, kept for the next translation. */
  private session(source: string, target: string): Promise<Translator> {
    const key = `${source}>${target}`;
    let session = this.translators.get(key);
    if (!session) {
      session = this.api().translator!.create({ sourceLanguage: source, targetLanguage: target });
      session.catch(() => this.translators.delete(key));
      this.translators.set(key, session);
    }
    return session;
  }
}
