import { describe, expect, it } from 'vitest';
import type { GenerationResult } from '../contracts/result';
import { createPageAnswers } from './page-answers';

const RESULT = {
  text: 'It makes energy.',
  engine: 'cpu',
  engineLabel: 'CPU',
  model: 'Tiny',
  finishReason: 'stop',
  tokensUsed: 3,
  tokensEstimated: false,
  latencyMs: 9,
  tokensPerSecond: 300,
} satisfies GenerationResult;

describe('answers written for pages’ cards', () => {
  it('gives a tab’s answer back as a conversation’s turns, as far as it got', () => {
    let ids = 0;
    const answers = createPageAnswers(() => `id-${++ids}`);
    const answer = answers.begin(7, { question: 'Explain: ATP', title: 'Explain: “ATP”' });
    answer.delta('It makes ');
    expect(answers.turns(7, answer.id)?.turns[1]).toMatchObject({ text: 'It makes ', status: 'stopped' });
    answer.delta('energy.');
    answer.done(RESULT);
    expect(answers.turns(7, answer.id)).toMatchObject({
      title: 'Explain: “ATP”',
      turns: [
        { role: 'user', text: 'Explain: ATP' },
        { role: 'assistant', text: 'It makes energy.', status: 'done', result: RESULT },
      ],
    });
  });

  it('gives a stopped answer as far as the card showed it, a finished one whole', () => {
    const answers = createPageAnswers();
    const stopped = answers.begin(7, { question: 'Explain: ATP', title: 'Explain' });
    stopped.delta('It makes energy');
    stopped.delta(' and more');
    stopped.done({ ...RESULT, finishReason: 'cancelled' });
    expect(answers.turns(7, stopped.id, 'It makes energy'.length)?.turns[1]).toMatchObject({
      text: 'It makes energy',
      status: 'stopped',
    });
    const finished = answers.begin(7, { question: 'Explain: ATP', title: 'Explain' });
    finished.delta('It makes energy.');
    finished.done(RESULT);
    expect(answers.turns(7, finished.id, 3)?.turns[1]).toMatchObject({ text: 'It makes energy.', status: 'done' });
  });

  it('knows nothing of another tab’s answers, of failed ones only their error, and keeps a few per tab', () => {
    const answers = createPageAnswers();
    const failed = answers.begin(1, { question: 'Why?', title: 'Why?' });
    failed.failed(new Error('The engine broke.'));
    expect(answers.turns(2, failed.id)).toBeUndefined();
    expect(answers.turns(1, failed.id)?.turns[1]).toMatchObject({ status: 'failed', error: 'The engine broke.' });
    const later = Array.from({ length: 4 }, () => answers.begin(1, { question: 'Q', title: 'T' }));
    expect(answers.turns(1, failed.id)).toBeUndefined();
    expect(later.every((answer) => answers.turns(1, answer.id) !== undefined)).toBe(true);
    answers.forget(1);
    expect(answers.turns(1, later[3]!.id)).toBeUndefined();
  });
});
