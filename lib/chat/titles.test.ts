import { describe, expect, it } from 'vitest';
import { defaultTitle, NEW_CONVERSATION_TITLE } from './titles';

describe('defaultTitle', () => {
  it('uses the question on one line, or a placeholder', () => {
    expect(defaultTitle(' a\n b ')).toBe('a b');
    expect(defaultTitle('   ')).toBe(NEW_CONVERSATION_TITLE);
  });

  it('cuts a word without spaces at 60 characters', () => {
    expect(defaultTitle('x'.repeat(100))).toBe(`${'x'.repeat(60)}…`);
  });
});
