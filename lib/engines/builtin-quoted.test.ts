import { afterEach, describe, expect, it } from 'vitest';
import { installFakeLanguageModel } from '../../tests/fakes/fake-language-model';
import { collect } from '../../tests/unit/streams';
import { QUOTED_ANSWER_SCHEMA } from '../context/json-answer';
import { splitQuotedAnswer } from '../context/quoted-answer';
import { BuiltinEngine } from './builtin';

afterEach(() => {
  delete (globalThis as { LanguageModel?: unknown }).LanguageModel;
});

const request = (quoted: boolean) => ({
  messages: [{ role: 'user' as const, content: 'What do otters hold?' }],
  options: {},
  signal: new AbortController().signal,
  quoted,
});

describe('BuiltinEngine, an answer that quotes its sources', () => {
  it('asks for the JSON schema and streams the answer in the text format, quotes last', async () => {
    const structuredReply = { answer: 'They hold hands.', quotes: [{ text: 'Otters hold hands.', page: 1 }] };
    const fake = installFakeLanguageModel({ structuredReply });
    const { text, chunks } = await collect(new BuiltinEngine().stream(request(true)));
    expect(fake.log.prompts[0]?.responseConstraint).toEqual(QUOTED_ANSWER_SCHEMA);
    expect(splitQuotedAnswer(text)).toEqual({
      answer: 'They hold hands.',
      quotes: [{ text: 'Otters hold hands.', page: 1 }],
    });
    // The JSON's punctuation never reaches the user: the first delta is the answer's first word.
    expect(chunks[0]?.startsWith('They')).toBe(true);
  });

  it('asks for no structure when the answer quotes nothing', async () => {
    const fake = installFakeLanguageModel();
    await collect(new BuiltinEngine().stream(request(false)));
    expect(fake.log.prompts[0]).not.toHaveProperty('responseConstraint');
  });
});
