import { describe, expect, it } from 'vitest';
import { citeQuotes } from './citations';
import { createJsonAnswerReader } from './json-answer';
import { createQuotedAnswerFilter, splitQuotedAnswer } from './quoted-answer';
import { quotingAnswer } from './quoting';
import { findQuote } from './verify-quote';

const source = 'Sea otters hold hands  while they sleep,\nso that they do not drift apart. They eat “sea urchins”.';

describe('findQuote', () => {
  it('finds an exact quote where it stands in the source', () => {
    const match = findQuote(source, 'so that they do not drift apart.');
    expect(match && source.slice(match.start, match.end)).toBe('so that they do not drift apart.');
  });

  it('ignores differences of whitespace and of quotation marks', () => {
    const match = findQuote(source, 'hold hands while they sleep, so that');
    expect(match && source.slice(match.start, match.end)).toBe('hold hands  while they sleep,\nso that');
    expect(findQuote(source, 'They eat "sea urchins".')).toBeDefined();
    expect(findQuote(source, '“Sea otters hold hands”')).toBeDefined();
  });

  it('finds nothing for invented words, a changed word or an empty quote', () => {
    expect(findQuote(source, 'Otters build dams.')).toBeUndefined();
    expect(findQuote(source, 'Sea otters hold paws while they sleep')).toBeUndefined();
    expect(findQuote(source, '  ""  ')).toBeUndefined();
  });

  it('finds a quote that runs over two passages, as the whole text is searched', () => {
    const text = `${'First passage words. '.repeat(30)}\n\nThe end of one passage.\n\nThe start of the next.`;
    expect(findQuote(text, 'The end of one passage. The start of the next.')).toBeDefined();
  });
});

describe('the text format', () => {
  const answer =
    'They hold hands [1].\n\nQuotes:\n[1] "Sea otters hold hands" (page 1)\n[2] “Invented” (page 2)\nnoise';

  it('splits the answer from its quotes', () => {
    expect(splitQuotedAnswer(answer)).toEqual({
      answer: 'They hold hands [1].',
      quotes: [
        { text: 'Sea otters hold hands', page: 1 },
        { text: 'Invented', page: 2 },
      ],
    });
    expect(splitQuotedAnswer('No quotes here.')).toEqual({ answer: 'No quotes here.', quotes: [] });
  });

  it('lets the answer through as it streams, in any chunks, and never shows the quotes', () => {
    for (const size of [1, 3, 7, 1000]) {
      const filter = createQuotedAnswerFilter();
      let shown = '';
      for (let i = 0; i < answer.length; i += size) shown += filter.push(answer.slice(i, i + size));
      shown += filter.flush();
      expect(shown.trim()).toBe('They hold hands [1].');
    }
  });

  it('holds back only a line that may become the header, and gives it back when it does not', () => {
    const filter = createQuotedAnswerFilter();
    expect(filter.push('Line one\nQuo')).toBe('Line one\n');
    expect(filter.push('te of the day')).toBe('Quote of the day');
    expect(filter.push(' and more')).toBe(' and more');
    const ending = createQuotedAnswerFilter();
    expect(ending.push('Ends with Quo')).toBe('Ends with Quo');
    expect(ending.push('\nQuo')).toBe('\n');
    expect(ending.flush()).toBe('Quo');
  });
});

describe('the structured answer read as it streams', () => {
  const json = JSON.stringify({
    answer: 'They hold "hands" \\ sleep\nnow é',
    quotes: [{ text: 'Sea otters hold\n hands', page: 1 }],
  });

  it('gives the answer’s characters as they come, escapes decoded, then the quotes in the text format', () => {
    for (const size of [1, 2, 5, 1000]) {
      const reader = createJsonAnswerReader();
      let text = '';
      for (let i = 0; i < json.length; i += size) text += reader.push(json.slice(i, i + size));
      expect(text).toBe('They hold "hands" \\ sleep\nnow é');
      text += reader.end();
      // A quote's line break becomes a space, so that each quote keeps to its line.
      expect(splitQuotedAnswer(text).quotes).toEqual([{ text: 'Sea otters hold hands', page: 1 }]);
    }
  });

  it('decodes \\u escapes split across chunks, and a broken JSON keeps its answer without quotes', () => {
    const reader = createJsonAnswerReader();
    expect(reader.push('{"answer": "caf\\u00')).toBe('caf');
    expect(reader.push('e9!"')).toBe('é!');
    expect(reader.end()).toBe('');
  });
});

describe('an answer that quotes its sources, on its way to the user', () => {
  const sources = [
    { id: 'o', title: 'Otters', url: 'https://example.com/o', readAt: 0, text: 'Otters hold hands.' },
    { id: 'f', title: 'Ferries', url: 'https://example.com/f', readAt: 0, text: 'The ferry leaves at nine.' },
  ];

  it('checks each quote in the page named first, then the others, and flags one found in none', () => {
    expect(
      citeQuotes(
        [
          { text: 'the ferry leaves', page: 1 },
          { text: 'The ferry leaves at nine.', page: 1 },
          { text: 'Otters  hold hands.' },
        ],
        sources,
      ),
    ).toEqual([
      { text: 'the ferry leaves', found: false },
      { text: 'The ferry leaves at nine.', found: true, sourceId: 'f' },
      { text: 'Otters hold hands.', found: true, sourceId: 'o' },
    ]);
  });

  it('streams the answer alone and ends with its text and its checked quotes', () => {
    const quoting = quotingAnswer(sources);
    const full = 'At nine [1].\nQuotes:\n[1] "The ferry leaves at nine." (page 2)';
    const shown = [...full].map((char) => quoting.delta(char)).join('') + quoting.rest();
    // The line break before the header has passed already; the stored answer is trimmed.
    expect(shown).toBe('At nine [1].\n');
    const result = quoting.finish({
      text: full,
      engine: 'builtin',
      engineLabel: 'Gemini Nano',
      model: 'nano',
      finishReason: 'stop',
      tokensUsed: 9,
      tokensEstimated: false,
      latencyMs: 1,
      tokensPerSecond: 1,
    });
    expect(result.text).toBe('At nine [1].');
    expect(result.citations).toEqual([{ text: 'The ferry leaves at nine.', found: true, sourceId: 'f' }]);
  });
});
