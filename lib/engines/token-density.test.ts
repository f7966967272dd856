import { describe, expect, it } from 'vitest';
import { charsPerToken } from './token-density';

const user = (content: string) => ({ role: 'user', content });

describe('charsPerToken', () => {
  it('is the characters a token of a long prompt stands for', () => {
    expect(charsPerToken([user('x'.repeat(4000))], 1000)).toBe(4);
  });

  it('learns nothing from a short prompt, mostly chat template', () => {
    expect(charsPerToken([user('Hi there')], 5)).toBeUndefined();
  });

  it('learns nothing from a prompt that is mostly the conversation before its last message', () => {
    const history = [user('x'.repeat(3000)), { role: 'assistant', content: 'y'.repeat(3000) }];
    expect(charsPerToken([...history, user('And then?')], 2000)).toBeUndefined();
  });

  it('learns nothing without a count', () => {
    expect(charsPerToken([user('x'.repeat(4000))], undefined)).toBeUndefined();
    expect(charsPerToken([user('x'.repeat(4000))], 0)).toBeUndefined();
  });
});
