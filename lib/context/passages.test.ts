import { describe, expect, it } from 'vitest';
import { splitPassages } from './passages';

/** Every passage is the text at its offsets, and together they leave out nothing but spaces. */
function expectCoverage(text: string, maxChars: number) {
  const passages = splitPassages(text, maxChars);
  for (const passage of passages) {
    expect(text.slice(passage.start, passage.end)).toBe(passage.text);
    expect(passage.text.length).toBeLessThanOrEqual(maxChars);
  }
  const strip = (value: string) => value.replace(/\s+/g, '');
  expect(strip(passages.map((passage) => passage.text).join(''))).toBe(strip(text));
  return passages;
}

describe('splitPassages', () => {
  it('keeps a short text whole', () => {
    expect(splitPassages('Otters hold hands.', 500)).toEqual([
      { index: 0, start: 0, end: 18, text: 'Otters hold hands.' },
    ]);
  });

  it('gathers paragraphs up to the size and breaks between them', () => {
    const text = ['First paragraph here.', 'Second paragraph here.', 'Third paragraph here.'].join('\n\n');
    const passages = expectCoverage(text, 50);
    expect(passages.map((passage) => passage.text)).toEqual([
      'First paragraph here.\n\nSecond paragraph here.',
      'Third paragraph here.',
    ]);
  });

  it('breaks a long paragraph at sentence ends, a long sentence between words', () => {
    const sentences = 'One sentence is short. Another one follows it! Does a third? ';
    const text = `${sentences.repeat(4)}${'word '.repeat(40)}`;
    const passages = expectCoverage(text, 60);
    expect(passages[0]?.text).toBe('One sentence is short. Another one follows it!');
    expect(passages.at(-1)?.text.startsWith('word')).toBe(true);
  });

  it('cuts a run without spaces, and leaves nothing out of any text', () => {
    expectCoverage('x'.repeat(130), 50);
    expectCoverage('  Leading space… and “quotes.” Then\nlines\n\n\nand !!! marks?? 。日本語。', 12);
    expect(splitPassages('   \n\n  ', 10)).toEqual([]);
  });
});
