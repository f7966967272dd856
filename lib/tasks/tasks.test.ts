import { describe, expect, it } from 'vitest';
import { fillPrompt, languageName } from './fill-prompt';
import { splitText } from './split-text';
import { condenseForSummary, type PartProgress } from './summarize-in-parts';

describe('fillPrompt', () => {
  it('puts the text and the language in place', () => {
    expect(fillPrompt({ prompt: 'Translate into {language}:\n\n{text}' }, 'Bonjour', 'de')).toBe(
      'Translate into German:\n\nBonjour',
    );
  });

  it('leaves a {text} inside the selection alone and keeps $ patterns literal', () => {
    expect(fillPrompt({ prompt: 'Explain: {text}' }, 'the {text} and $& tokens', 'en')).toBe(
      'Explain: the {text} and $& tokens',
    );
  });

  it('keeps an unknown language code as it is', () => {
    expect(languageName('zz-not-a-language!')).toBe('zz-not-a-language!');
  });
});

describe('splitText', () => {
  it('keeps a short text whole', () => {
    expect(splitText('  One paragraph.  ', 100)).toEqual(['One paragraph.']);
  });

  it('cuts at paragraph ends, then sentences, then spaces, never over the limit', () => {
    const paragraphs = Array.from(
      { length: 30 },
      (_, i) => `Paragraph ${i} says something. It goes on for a while here.`,
    ).join('\n\n');
    const parts = splitText(paragraphs, 200);
    expect(parts.every((part) => part.length <= 200)).toBe(true);
    expect(parts.every((part) => part.endsWith('.'))).toBe(true);
    expect(parts.join(' ').replace(/\s+/g, ' ')).toBe(paragraphs.replace(/\s+/g, ' '));
  });

  it('cuts a text without any break at the limit', () => {
    expect(splitText('x'.repeat(250), 100).map((part) => part.length)).toEqual([100, 100, 50]);
  });
});

describe('condenseForSummary', () => {
  it('leaves text that fits in one part untouched, asking nothing', async () => {
    const calls: string[] = [];
    const result = await condenseForSummary('Short text.', {
      summarizePart: async (text) => {
        calls.push(text);
        return 'x';
      },
      partChars: 100,
    });
    expect(result).toEqual({ text: 'Short text.', parts: 1 });
    expect(calls).toEqual([]);
  });

  it('summarizes each part, reports progress, then reduces until it fits', async () => {
    const text = Array.from({ length: 40 }, (_, i) => `Sentence number ${i} is here.`).join(' ');
    const seen: PartProgress[] = [];
    const result = await condenseForSummary(text, {
      partChars: 120,
      // A summary of a part is its first 40 characters.
      summarizePart: async (part) => part.slice(0, 40),
      onProgress: (progress) => seen.push(progress),
    });
    expect(result.text.length).toBeLessThanOrEqual(120);
    expect(result.parts).toBe(seen.filter((progress) => progress.stage === 'map').length);
    expect(seen[0]).toEqual({ part: 1, parts: result.parts, stage: 'map' });
    expect(seen.some((progress) => progress.stage === 'reduce')).toBe(true);
  });

  it('stops at once when aborted', async () => {
    const controller = new AbortController();
    const text = 'word '.repeat(200);
    let calls = 0;
    const run = condenseForSummary(text, {
      partChars: 100,
      signal: controller.signal,
      summarizePart: async () => {
        if (++calls === 2) controller.abort();
        return 'short';
      },
    });
    await expect(run).rejects.toThrow();
    expect(calls).toBe(2);
  });

  it('halves the parts when the engine says a part is too long for its context', async () => {
    const sizes: number[] = [];
    const result = await condenseForSummary('word '.repeat(1000), {
      partChars: 4000,
      summarizePart: async (part) => {
        sizes.push(part.length);
        if (part.length > 1000) throw Object.assign(new Error('Too long'), { code: 'input-too-large' });
        return 'ok';
      },
    });
    expect(sizes[0]).toBeGreaterThan(1000);
    expect(sizes.at(-1)).toBeLessThanOrEqual(1000);
    expect(result.parts).toBeGreaterThan(4);
  });

  it('gives up when even the smallest part is too long', async () => {
    const run = condenseForSummary('word '.repeat(1000), {
      partChars: 600,
      summarizePart: async () => {
        throw Object.assign(new Error('Too long'), { code: 'input-too-large' });
      },
    });
    await expect(run).rejects.toThrow('Too long');
  });

  it('does not loop for ever on a model that will not shorten', async () => {
    const result = await condenseForSummary('word '.repeat(100), {
      partChars: 60,
      summarizePart: async (part) => `${part} and more`,
    });
    expect(result.text.length).toBeLessThanOrEqual(60);
  });
});
