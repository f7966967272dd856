import { describe, expect, it } from 'vitest';
import type { GenerationResult } from '../contracts/result';
import { toRequestMessages } from './turns';
import type { Turn } from '../contracts/turns';
import { answer, user } from '../../tests/unit/turns';

describe('toRequestMessages', () => {
  it('sends only the new question when there is no history', () => {
    expect(toRequestMessages([], 'Hi?')).toEqual([{ role: 'user', content: 'Hi?' }]);
  });

  it('puts the system prompt first', () => {
    expect(toRequestMessages([user('a'), answer('b')], 'c', 'Be brief.')).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'a' },
      { role: 'assistant', content: 'b' },
      { role: 'user', content: 'c' },
    ]);
  });

  it('leaves out an empty system prompt', () => {
    expect(toRequestMessages([], 'c', '')).toEqual([{ role: 'user', content: 'c' }]);
  });

  it('keeps every finished turn in order', () => {
    const result = { text: 'one' } as GenerationResult;
    const turns: Turn[] = [user('q1'), answer('a1', 'done', { result }), user('q2'), answer('a2')];
    expect(toRequestMessages(turns, 'q3')).toEqual([
      { role: 'user', content: 'q1' },
      { role: 'assistant', content: 'a1' },
      { role: 'user', content: 'q2' },
      { role: 'assistant', content: 'a2' },
      { role: 'user', content: 'q3' },
    ]);
  });

  it('keeps a stopped answer as far as it got', () => {
    expect(toRequestMessages([user('q1'), answer('half an ans', 'stopped')], 'q2')).toEqual([
      { role: 'user', content: 'q1' },
      { role: 'assistant', content: 'half an ans' },
      { role: 'user', content: 'q2' },
    ]);
  });

  it('leaves out a failed turn and its question, so a retry does not send the question twice', () => {
    const turns: Turn[] = [user('q1'), answer('a1'), user('q2'), answer('partial', 'failed', { error: 'boom' })];
    expect(toRequestMessages(turns, 'q2')).toEqual([
      { role: 'user', content: 'q1' },
      { role: 'assistant', content: 'a1' },
      { role: 'user', content: 'q2' },
    ]);
  });

  it('leaves out an answer stopped before its first token, and its question', () => {
    const turns: Turn[] = [user('q1'), answer('', 'stopped'), user('q2'), answer('a2')];
    expect(toRequestMessages(turns, 'q3')).toEqual([
      { role: 'user', content: 'q2' },
      { role: 'assistant', content: 'a2' },
      { role: 'user', content: 'q3' },
    ]);
  });

  it('keeps a question that has no answer turn', () => {
    expect(toRequestMessages([user('q1')], 'q2')).toEqual([
      { role: 'user', content: 'q1' },
      { role: 'user', content: 'q2' },
    ]);
  });

  it('does not change the turns it is given', () => {
    const turns: Turn[] = [user('q1'), answer('a1')];
    const copy = structuredClone(turns);
    toRequestMessages(turns, 'q2', 'sys');
    expect(turns).toEqual(copy);
  });
});
