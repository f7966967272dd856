import { InklingError } from '../contracts/errors';
import { taskApiDeltas } from './task-api-stream';
import type { Availability, EngineFinish, PrepareProgress } from '../contracts/engine';
import type { ContextInfo, Engine, EngineRequest } from './engine';

type SummarizerApi = typeof Summarizer;

/** Key points in markdown, the shape of Inkling's own summary prompt. */
const OPTIONS = { type: 'key-points', format: 'markdown', length: 'medium' } as const;

function summarizerApi(): SummarizerApi | undefined {
  return (globalThis as { Summarizer?: SummarizerApi }).Summarizer;
}

/**
 * Chrome's Summarizer API (Chrome 138+, Gemini Nano tuned for summaries), for plain summaries
 * where it is ready. It summarizes the request's last message as text; any other request, or one
 * it cannot take, goes to the engine the picker chose.
 */
export class SummarizerEngine implements Engine {
  readonly id = 'builtin';
  readonly label = 'Chrome’s Summarizer API';
  readonly model = 'Gemini Nano';
  private summarizer?: Promise<Summarizer>;
  private language?: string;

  async availability({ language = 'en' }: { language?: string } = {}): Promise<Availability> {
    const api = summarizerApi();
    if (!api)
      return {
        state: 'unavailable',
        reason: 'This browser has no Summarizer API.',
        remedy: 'Use Chrome 138 or newer.',
      };
    const answer = await api.availability(createOptions(language)).catch(() => 'unavailable' as const);
    // Inkling never downloads for it: the Prompt API's download is the one the user agrees to.
    return answer === 'available'
      ? { state: 'available' }
      : { state: 'unavailable', reason: `The Summarizer API is ${answer}.`, remedy: '' };
  }

  /** Whether it can summarize `text` now: ready, and the text within its input quota. */
  async accepts(text: string, language = 'en'): Promise<boolean> {
    if ((await this.availability({ language })).state !== 'available') return false;
    try {
      const summarizer = await this.session(language);
      return (await summarizer.measureInputUsage(text)) <= summarizer.inputQuota;
    } catch {
      return false;
    }
  }

  async prepare(_onProgress: (progress: PrepareProgress) => void, _signal: AbortSignal): Promise<void> {
    throw new InklingError('engine-failed', 'The Summarizer API is used only when it is ready.');
  }

  stream(request: EngineRequest): AsyncGenerator<string, EngineFinish, undefined> {
    const text = request.messages.at(-1)?.content ?? '';
    const { signal } = request;
    return taskApiDeltas(
      async () => (await this.session(request.options.language ?? 'en')).summarizeStreaming(text, { signal }),
      signal,
    );
  }

  contextInfo(): ContextInfo {
    return {};
  }

  /** One summarizer, kept for the next summary in the same language. */
  private session(language: string): Promise<Summarizer> {
    if (!this.summarizer || this.language !== language) {
      void this.summarizer?.then((old) => old.destroy()).catch(() => {});
      this.language = language;
      this.summarizer = summarizerApi()!.create(createOptions(language));
      this.summarizer.catch(() => (this.summarizer = undefined));
    }
    return this.summarizer;
  }
}

function createOptions(language: string): SummarizerCreateCoreOptions {
  return { ...OPTIONS, expectedInputLanguages: [language], outputLanguage: language };
}
