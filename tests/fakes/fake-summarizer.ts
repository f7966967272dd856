/**
 * A fake of Chrome's Summarizer API following @types/dom-chromium-ai 0.0.17 and the Writing
 * Assistance APIs spec: availability() with the create() options, summarizeStreaming() returning a
 * ReadableStream of deltas, AbortError on abort, measureInputUsage() against inputQuota.
 * Self-contained, so the end-to-end tests can bundle it into the service worker.
 */
export interface FakeSummarizerConfig {
  availability?: Availability;
  inputQuota?: number;
  chunkDelayMs?: number;
}

export interface FakeSummarizerLog {
  summarized: string[];
  creates: SummarizerCreateCoreOptions[];
  aborts: number;
}

/** The fake's summary: the first words of the text, as key points. */
export function fakeSummary(text: string): string {
  const words = text.split(/\s+/).filter(Boolean);
  return `- Key point: ${words.slice(0, 6).join(' ')}\n- Words in the text: ${words.length}`;
}

export function createFakeSummarizer(config: FakeSummarizerConfig = {}) {
  const settings = { availability: 'available' as Availability, inputQuota: 4000, chunkDelayMs: 0, ...config };
  const log: FakeSummarizerLog = { summarized: [], creates: [], aborts: 0 };
  const tokens = (text: string) => Math.ceil(text.length / 4);

  class FakeSummarizer implements Summarizer {
    readonly sharedContext = '';
    readonly inputQuota = settings.inputQuota;
    constructor(
      readonly type: SummarizerType,
      readonly format: SummarizerFormat,
      readonly length: SummarizerLength,
      readonly outputLanguage?: string,
    ) {}

    async measureInputUsage(input: string): Promise<number> {
      return tokens(input);
    }

    async summarize(input: string, options?: SummarizerSummarizeOptions): Promise<string> {
      let text = '';
      const reader = this.summarizeStreaming(input, options).getReader();
      for (let step = await reader.read(); !step.done; step = await reader.read()) text += step.value;
      return text;
    }

    summarizeStreaming(input: string, options: SummarizerSummarizeOptions = {}): ReadableStream<string> {
      const { signal } = options;
      return new ReadableStream<string>({
        async start(controller) {
          if (tokens(input) > settings.inputQuota)
            return controller.error(new DOMException('The input is too large.', 'QuotaExceededError'));
          const onAbort = () => {
            log.aborts++;
            controller.error(signal?.reason);
          };
          signal?.addEventListener('abort', onAbort, { once: true });
          log.summarized.push(input);
          for (const chunk of fakeSummary(input).match(/\s*\S+/g) ?? []) {
            if (settings.chunkDelayMs) await new Promise((resolve) => setTimeout(resolve, settings.chunkDelayMs));
            if (signal?.aborted) return;
            controller.enqueue(chunk);
          }
          controller.close();
        },
      });
    }

    destroy(): void {}
  }

  const api = {
    async availability(): Promise<Availability> {
      return settings.availability;
    },
    async create(options: SummarizerCreateOptions = {}): Promise<Summarizer> {
      options.signal?.throwIfAborted();
      if (settings.availability === 'unavailable')
        throw new DOMException('The model is not available.', 'NotSupportedError');
      log.creates.push({
        type: options.type,
        format: options.format,
        length: options.length,
        outputLanguage: options.outputLanguage,
      });
      return new FakeSummarizer(
        options.type ?? 'key-points',
        options.format ?? 'markdown',
        options.length ?? 'short',
        options.outputLanguage,
      );
    },
  } satisfies Pick<typeof Summarizer, 'availability' | 'create'>;

  return { api: api as unknown as typeof Summarizer, log };
}

export function installFakeSummarizer(config: FakeSummarizerConfig = {}) {
  const fake = createFakeSummarizer(config);
  (globalThis as { Summarizer?: unknown }).Summarizer = fake.api;
  return fake;
}
