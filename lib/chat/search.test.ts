import { describe, expect, it } from 'vitest';
import { snippetAround } from './search';

describe('snippetAround', () => {
  it('keeps a short text whole', () => {
    expect(snippetAround('find me here', 5, 7)).toEqual({ snippet: 'find me here', highlight: [5, 7] });
  });

  it('does not split a character outside the basic plane when there is no space to cut at', () => {
    const text = `${'😀'.repeat(30)}X${'😀'.repeat(30)}`;
    const start = text.indexOf('X');
    const { snippet, highlight } = snippetAround(text, start, start + 1);
    expect(snippet).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    expect(snippet.slice(...highlight)).toBe('X');
  });
});
