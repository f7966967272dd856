import { describe, expect, it } from 'vitest';
import { matchingTabs, mentionAt, moveChoice, withoutMention } from './mention';

const tabs = [
  { tabId: 1, title: 'Otters at rest', url: 'https://example.com/otters' },
  { tabId: 2, title: 'Ferry times', url: 'https://harbour.example/ferries' },
];

describe('@ in the message box', () => {
  it('is an @ at the start or after a space, with what follows it up to the caret', () => {
    expect(mentionAt('@', 1)).toEqual({ start: 0, query: '' });
    expect(mentionAt('Compare @ott', 12)).toEqual({ start: 8, query: 'ott' });
    expect(mentionAt('mail me@example.com', 19)).toBeUndefined();
    expect(mentionAt('@otters and more', 16)).toBeUndefined();
  });

  it('lists the tabs whose title or address matches, and picking one takes the @ out', () => {
    expect(matchingTabs(tabs, 'OTT').map((tab) => tab.tabId)).toEqual([1]);
    expect(matchingTabs(tabs, 'harbour').map((tab) => tab.tabId)).toEqual([2]);
    expect(matchingTabs(tabs, '')).toHaveLength(2);
    const text = 'Compare @fer with this';
    expect(withoutMention(text, mentionAt(text, 12)!, 12)).toBe('Compare  with this');
  });

  it('moves the choice with the arrows, wrapping around', () => {
    expect(moveChoice(0, 1, 3)).toBe(1);
    expect(moveChoice(2, 1, 3)).toBe(0);
    expect(moveChoice(0, -1, 3)).toBe(2);
    expect(moveChoice(0, 1, 0)).toBe(0);
  });
});
