import { describe, expect, it } from 'vitest';
import { TranslatorEngine } from './translator';

function apis(options: { pair?: Availability; detects?: string; confidence?: number; quota?: number } = {}) {
  const translated: string[] = [];
  const translator = {
    availability: async () => options.pair ?? 'available',
    create: async () => ({
      inputQuota: options.quota ?? 1_000,
      measureInputUsage: async (text: string) => text.length,
      translateStreaming(text: string, { signal }: { signal?: AbortSignal } = {}) {
        translated.push(text);
        return new ReadableStream<string>({
          start(controller) {
            if (signal?.aborted) return controller.error(new DOMException('Aborted', 'AbortError'));
            controller.enqueue('Tea is ');
            controller.enqueue('a drink.');
            controller.close();
          },
        });
      },
      destroy() {},
    }),
  };
  const detector = {
    availability: async () => (options.detects ? 'available' : 'unavailable'),
    create: async () => ({
      detect: async () => [{ detectedLanguage: options.detects, confidence: options.confidence ?? 0.9 }],
      destroy() {},
    }),
  };
  return {
    translated,
    engine: new TranslatorEngine(() => ({
      translator: translator as unknown as typeof Translator,
      detector: detector as unknown as typeof LanguageDetector,
    })),
  };
}

const request = (content: string, signal = new AbortController().signal) => ({
  messages: [{ role: 'user' as const, content }],
  options: {},
  signal,
});

async function collect(stream: AsyncGenerator<string, unknown>) {
  let text = '';
  for (;;) {
    const step = await stream.next();
    if (step.done) return { text, finish: step.value };
    text += step.value;
  }
}

describe('Chrome’s translator as an engine', () => {
  it('takes a text in another language whose pair is ready, and streams its translation', async () => {
    const { engine, translated } = apis({ detects: 'de' });
    expect(await engine.accepts('Tee ist ein Getränk.', 'en-US')).toBe(true);
    expect(await collect(engine.stream(request('Tee ist ein Getränk.')))).toEqual({
      text: 'Tea is a drink.',
      finish: { finishReason: 'stop' },
    });
    expect(translated).toEqual(['Tee ist ein Getränk.']);
  });

  it('leaves to the engine what it cannot take: unknown or same language, a pair to download, too long', async () => {
    expect(await apis({}).engine.accepts('Tee', 'en')).toBe(false);
    expect(await apis({ detects: 'de', confidence: 0.3 }).engine.accepts('Tee', 'en')).toBe(false);
    expect(await apis({ detects: 'en' }).engine.accepts('Tea', 'en-GB')).toBe(false);
    expect(await apis({ detects: 'de', pair: 'downloadable' }).engine.accepts('Tee', 'en')).toBe(false);
    expect(await apis({ detects: 'de', quota: 2 }).engine.accepts('Tee', 'en')).toBe(false);
  });

  it('ends as cancelled when stopped', async () => {
    const { engine } = apis({ detects: 'de' });
    await engine.accepts('Tee', 'en');
    const stopping = new AbortController();
    stopping.abort();
    expect(await collect(engine.stream(request('Tee', stopping.signal)))).toEqual({
      text: '',
      finish: { finishReason: 'cancelled' },
    });
  });
});
