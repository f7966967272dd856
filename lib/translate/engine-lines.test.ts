import { describe, expect, it } from 'vitest';
import { linesPrompt, parseLines } from './engine-lines';

const PARAGRAPHS = [['Alles über', 'Tee'], ['Grüner Tee']];

describe('numbered lines for a language model', () => {
  it('puts every segment on its own numbered line, with the target language named', () => {
    expect(linesPrompt(PARAGRAPHS, 'en')).toBe(
      [
        'Translate each numbered line into English.',
        'Answer with the same numbers, one line each, and only the translation.',
        '',
        '[1] Alles über',
        '[2] Tee',
        '[3] Grüner Tee',
      ].join('\n'),
    );
  });

  it('reads the answer back into the paragraphs, in any order and with stray text around it', () => {
    const answer = 'Here you go:\n[3] Green tea\n [1] All about\n[2]  tea \nHope this helps';
    expect(parseLines(answer, PARAGRAPHS)).toEqual([['All about', 'tea'], ['Green tea']]);
  });

  it('keeps the original of a line the model left out or left empty', () => {
    expect(parseLines('[1] All about\n[2]', PARAGRAPHS)).toEqual([['All about', 'Tee'], ['Grüner Tee']]);
    expect(parseLines('I cannot do that.', PARAGRAPHS)).toEqual(PARAGRAPHS);
  });
});
