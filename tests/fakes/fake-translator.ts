/**
 * Fakes of Chrome's Translator and LanguageDetector APIs following @types/dom-chromium-ai 0.0.17
 * and the Translator and Language Detector explainer (webmachinelearning/translation-api):
 * availability() per language pair, create() that rejects for an unavailable pair and reports
 * download progress to `monitor`, translate() and translateStreaming() that honour `signal` with an
 * AbortError, measureInputUsage() against inputQuota (QuotaExceededError beyond it), destroy(), and
 * detect() with results sorted by confidence. Self-contained, for bundling into the service worker.
 */
export interface FakeTranslatorConfig {
  /** Availability per "source>target" pair; pairs not listed are 'unavailable'. */
  pairs?: Record<string, Availability>;
  /** What the detector says the text's language is (and 'available'); absent: it is 'unavailable'. */
  detects?: string;
  /** How long each translate() takes, to test Stop. */
  delayMs?: number;
  inputQuota?: number;
}

export interface FakeTranslatorLog {
  translated: string[];
  creates: TranslatorCreateCoreOptions[];
  detected: string[];
  aborts: number;
}

/** The fake's German: every word marked, so a test can tell translated text from the original. */
export function fakeTranslation(text: string, target: string): string {
  return text.replace(/\p{L}+/gu, (word) => `${target}:${word}`);
}

const abortError = (signal?: AbortSignal) =>
  signal?.reason instanceof Error ? signal.reason : new DOMException('The operation was aborted.', 'AbortError');

export function installFakeTranslator(config: FakeTranslatorConfig = {}) {
  const settings = { pairs: {}, delayMs: 0, inputQuota: 10_000, ...config };
  const log: FakeTranslatorLog = { translated: [], creates: [], detected: [], aborts: 0 };
  const pairOf = ({ sourceLanguage, targetLanguage }: TranslatorCreateCoreOptions) =>
    (settings.pairs as Record<string, Availability>)[`${sourceLanguage}>${targetLanguage}`] ?? 'unavailable';

  class FakeTranslator {
    readonly inputQuota = settings.inputQuota;
    private destroyed = false;
    constructor(
      readonly sourceLanguage: string,
      readonly targetLanguage: string,
    ) {}

    static async availability(options: TranslatorCreateCoreOptions): Promise<Availability> {
      return pairOf(options);
    }

    static async create(options: TranslatorCreateOptions): Promise<FakeTranslator> {
      log.creates.push({ sourceLanguage: options.sourceLanguage, targetLanguage: options.targetLanguage });
      const availability = pairOf(options);
      if (availability === 'unavailable')
        throw new DOMException('The language pair is not supported.', 'NotSupportedError');
      options.signal?.throwIfAborted();
      // The explainer: a download starts only in a page with the user's activation.
      const activation = (globalThis as { navigator?: { userActivation?: { isActive: boolean } } }).navigator;
      if (availability !== 'available' && !activation?.userActivation?.isActive) {
        throw new DOMException('Downloading a translator needs a user gesture.', 'NotAllowedError');
      }
      if (availability !== 'available') {
        const target = new EventTarget();
        options.monitor?.(target as CreateMonitor);
        for (const loaded of [0, 0.5, 1])
          target.dispatchEvent(Object.assign(new Event('downloadprogress'), { loaded }));
        settings.pairs = { ...settings.pairs, [`${options.sourceLanguage}>${options.targetLanguage}`]: 'available' };
      }
      return new FakeTranslator(options.sourceLanguage, options.targetLanguage);
    }

    async measureInputUsage(input: string): Promise<number> {
      return input.length;
    }

    async translate(input: string, options: TranslatorTranslateOptions = {}): Promise<string> {
      if (this.destroyed) throw new DOMException('The translator was destroyed.', 'InvalidStateError');
      if (input.length > this.inputQuota) throw new DOMException('The input is too large.', 'QuotaExceededError');
      const { signal } = options;
      signal?.throwIfAborted();
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, settings.delayMs);
        signal?.addEventListener('abort', () => {
          clearTimeout(timer);
          log.aborts++;
          reject(abortError(signal));
        });
      });
      log.translated.push(input);
      return fakeTranslation(input, this.targetLanguage);
    }

    translateStreaming(input: string, options?: TranslatorTranslateOptions): ReadableStream<string> {
      return new ReadableStream<string>({
        start: async (controller) => {
          try {
            controller.enqueue(await this.translate(input, options));
            controller.close();
          } catch (error) {
            controller.error(error);
          }
        },
      });
    }

    destroy(): void {
      this.destroyed = true;
    }
  }

  class FakeLanguageDetector {
    readonly inputQuota = settings.inputQuota;
    static async availability(): Promise<Availability> {
      return settings.detects ? 'available' : 'unavailable';
    }
    static async create(): Promise<FakeLanguageDetector> {
      if (!settings.detects) throw new DOMException('No language detector.', 'NotSupportedError');
      return new FakeLanguageDetector();
    }
    async detect(input: string): Promise<LanguageDetectionResult[]> {
      log.detected.push(input);
      return [
        { detectedLanguage: settings.detects, confidence: 0.92 },
        { detectedLanguage: 'und', confidence: 0.08 },
      ];
    }
    async measureInputUsage(input: string): Promise<number> {
      return input.length;
    }
    destroy(): void {}
  }

  Object.assign(globalThis, { Translator: FakeTranslator, LanguageDetector: FakeLanguageDetector });
  return { log };
}
