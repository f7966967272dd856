import { describe, expect, it } from 'vitest';
import { quote } from './quote';

describe('quote', () => {
  it('quotes every line, keeps blank lines inside the quote, and drops the outer blank lines', () => {
    expect(quote('\n first\n\n  \nsecond \n')).toBe('> first\n>\n>\n> second');
  });
});
