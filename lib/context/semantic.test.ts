import { describe, expect, it } from 'vitest';
import { cosine, fuseScores, scoreByMeaning, type Embed } from './semantic';

const live = () => new AbortController().signal;

/** Vectors by the words a text has of a small vocabulary: enough for meaning to differ from spelling. */
const embedByTopic: Embed = async (texts) =>
  texts.map((text) => [/light|lamp|keeper|tends/i.test(text) ? 1 : 0, /boat|ferry|sail/i.test(text) ? 1 : 0, 0.1]);

describe('ranking by meaning', () => {
  it('cosine is 1 for the same direction, 0 for orthogonal vectors and for an empty one', () => {
    expect(cosine([1, 2], [2, 4])).toBeCloseTo(1);
    expect(cosine([1, 0], [0, 1])).toBe(0);
    expect(cosine([0, 0], [1, 1])).toBe(0);
  });

  it('scores each passage by how close it is to the question', async () => {
    const passages = [
      { key: '0:0', text: 'The ferry sails at nine.' },
      { key: '0:1', text: 'Ada tends the lamp at the end of the pier.' },
    ];
    const scores = await scoreByMeaning('Who keeps the lighthouse?', passages, embedByTopic, live());
    expect(scores!.get('0:1')).toBeCloseTo(1);
    expect(scores!.get('0:0')).toBeLessThan(0.2);
  });

  it('gives no ranking when the model fails or answers with too few vectors', async () => {
    const passages = [{ key: '0:0', text: 'A.' }];
    const failing: Embed = async () => {
      throw new Error('404 model not found');
    };
    expect(await scoreByMeaning('Q?', passages, failing, live())).toBeUndefined();
    expect(await scoreByMeaning('Q?', passages, async () => [[1]], live())).toBeUndefined();
  });

  it('fuses scorings scaled by their best: a sure scoring outweighs one that rates all alike', () => {
    // BM25 finds "the" in every passage, a little less in the one about the lamp; meaning is sure.
    const byWords = new Map([
      ['a', 3.1],
      ['b', 3.0],
      ['lamp', 2.8],
    ]);
    const byMeaning = new Map([
      ['a', 0.1],
      ['b', 0.12],
      ['lamp', 0.9],
    ]);
    expect(fuseScores([byWords, byMeaning])[0]).toBe('lamp');
    expect(fuseScores([byWords])).toEqual(['a', 'b', 'lamp']);
  });

  it('a scoring that rates every passage alike adds nothing, and ties keep the first order', () => {
    const flat = new Map([
      ['a', 0.5],
      ['b', 0.5],
    ]);
    expect(fuseScores([flat])).toEqual(['a', 'b']);
    expect(
      fuseScores([
        new Map([
          ['b', 2],
          ['a', 1],
        ]),
        flat,
      ]),
    ).toEqual(['b', 'a']);
  });
});
