import { describe, expect, it, vi } from 'vitest';
import { CHROME_TRANSLATOR_LABEL, createPageTranslator, type PageTranslatorDeps } from './page-translator';

/** A Translator as Chrome gives one, marking each word; `breakLines` loses the line breaks. */
function translatorApi(availability: Availability, options: { breakLines?: boolean; delayMs?: number } = {}) {
  const translated: string[] = [];
  const api = {
    availability: vi.fn(async () => availability),
    create: vi.fn(async () => ({
      async translate(text: string, { signal }: { signal?: AbortSignal } = {}) {
        translated.push(text);
        if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
        signal?.throwIfAborted();
        const out = text.replace(/\p{L}+/gu, (word) => `en:${word}`);
        return options.breakLines ? out.replace(/\n/g, ' ') : out;
      },
      destroy: vi.fn(),
    })),
  };
  return { api: api as unknown as typeof Translator, translated };
}

function setup(overrides: Partial<PageTranslatorDeps> = {}) {
  const complete = vi.fn(async (_prompt: string, _signal: AbortSignal) => ({ text: '[1] All about\n[2] tea' }));
  const translator = createPageTranslator({
    translatorApi: () => undefined,
    detectorApi: () => undefined,
    complete,
    engineLabel: async () => 'llama.cpp on your CPU',
    target: () => 'en-US',
    ...overrides,
  });
  return { translator, complete };
}

describe('the page translator', () => {
  it('uses Chrome’s translator for a pair it has ready, a paragraph at a time', async () => {
    const { api, translated } = translatorApi('available');
    const { translator, complete } = setup({ translatorApi: () => api });
    expect(await translator.start(1, { lang: 'de-DE', sample: 'Alles über Tee' })).toEqual({
      source: 'de',
      target: 'en',
      by: CHROME_TRANSLATOR_LABEL,
    });
    expect(await translator.translate(1, [['Alles über', 'Tee'], ['Grün']])).toEqual([
      ['en:Alles en:über', 'en:Tee'],
      ['en:Grün'],
    ]);
    expect(translated).toEqual(['Alles über\nTee', 'Grün']);
    expect(complete).not.toHaveBeenCalled();
  });

  it('translates segment by segment when the lines of a paragraph do not come back', async () => {
    const { api, translated } = translatorApi('available', { breakLines: true });
    const { translator } = setup({ translatorApi: () => api });
    await translator.start(1, { lang: 'de', sample: '' });
    expect(await translator.translate(1, [['Alles über', 'Tee']])).toEqual([['en:Alles en:über', 'en:Tee']]);
    expect(translated).toEqual(['Alles über\nTee', 'Alles über', 'Tee']);
  });

  it('leaves a pair Chrome would first download, and a page of unknown language, to the engine', async () => {
    const { api } = translatorApi('downloadable');
    const { translator, complete } = setup({ translatorApi: () => api });
    expect(await translator.start(1, { lang: 'de', sample: '' })).toMatchObject({ by: 'llama.cpp on your CPU' });
    expect(await translator.translate(1, [['Alles über', 'Tee']])).toEqual([['All about', 'tea']]);
    expect(complete.mock.calls[0]![0]).toContain('Translate each numbered line into English.');
    expect(await translator.start(2, { lang: '', sample: 'Wer weiß' })).toEqual({
      target: 'en',
      by: 'llama.cpp on your CPU',
    });
  });

  it('says when a pair can be downloaded, and uses Chrome’s translator once the user did', async () => {
    let availability: Availability = 'downloadable';
    const { api } = translatorApi('available');
    const dynamic = { ...api, availability: async () => availability } as unknown as typeof Translator;
    const { translator } = setup({ translatorApi: () => dynamic });
    expect(await translator.start(1, { lang: 'de', sample: '' })).toEqual({
      source: 'de',
      target: 'en',
      by: 'llama.cpp on your CPU',
      downloadable: true,
    });
    availability = 'available';
    expect(await translator.useTranslator(1)).toEqual({ source: 'de', target: 'en', by: CHROME_TRANSLATOR_LABEL });
    expect(await translator.translate(1, [['Tee']])).toEqual([['en:Tee']]);
  });

  it('asks Chrome’s language detector first, and trusts only a confident answer', async () => {
    const detector = (language: string, confidence: number) =>
      ({
        availability: async () => 'available',
        create: async () => ({ detect: async () => [{ detectedLanguage: language, confidence }], destroy() {} }),
      }) as unknown as typeof LanguageDetector;
    const sure = setup({ detectorApi: () => detector('fr', 0.9) });
    expect(await sure.translator.start(1, { lang: 'de', sample: 'Bonjour' })).toMatchObject({ source: 'fr' });
    const unsure = setup({ detectorApi: () => detector('fr', 0.2) });
    expect(await unsure.translator.start(1, { lang: 'de', sample: 'Bonjour' })).toMatchObject({ source: 'de' });
  });

  it('refuses a page already in the browser’s language', async () => {
    const { translator } = setup();
    await expect(translator.start(1, { lang: 'en-GB', sample: '' })).rejects.toThrow(
      'This page is already in English.',
    );
  });

  it('Stop ends the request under way: it resolves with null, and the next one works', async () => {
    const { api } = translatorApi('available', { delayMs: 30 });
    const { translator } = setup({ translatorApi: () => api });
    await translator.start(1, { lang: 'de', sample: '' });
    const pending = translator.translate(1, [['Tee']]);
    translator.stop(1);
    expect(await pending).toBeNull();
    expect(await translator.translate(1, [['Tee']])).toEqual([['en:Tee']]);
  });

  it('says plainly when a tab has no translation to go on with', async () => {
    const { translator } = setup();
    await expect(translator.translate(9, [['Tee']])).rejects.toThrow('Start the translation again');
  });
});
