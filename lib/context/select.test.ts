import { describe, expect, it } from 'vitest';
import { passagesToRank, selectPassages } from './select';

const filler = (topic: string, count: number) =>
  Array.from({ length: count }, (_, i) => `Paragraph ${i} talks about ${topic} and nothing else at all.`).join('\n');

describe('selectPassages', () => {
  it('sends sources that fit whole, with no count', () => {
    const sources = [
      { id: 'a', text: 'Otters hold hands.' },
      { id: 'b', text: 'Ferries leave at nine.' },
    ];
    expect(selectPassages(sources, 'otters?', 100)).toEqual([{ source: sources[0] }, { source: sources[1] }]);
  });

  it('picks the passages that answer the question, ranked across sources, up to the budget', () => {
    const harbour = {
      id: 'h',
      text: `${filler('the harbour', 30)}\nThe lighthouse keeper is named Ada.\n${filler('boats', 30)}`,
    };
    const garden = { id: 'g', text: filler('the garden', 40) };
    const [fromHarbour, fromGarden] = selectPassages([harbour, garden], 'Who keeps the lighthouse?', 300, {
      passageChars: 100,
    });
    expect(fromHarbour?.passages?.some((passage) => passage.text.includes('lighthouse keeper is named Ada'))).toBe(
      true,
    );
    const chars = [fromHarbour, fromGarden].flatMap((s) => s?.passages ?? []).reduce((n, p) => n + p.text.length, 0);
    expect(chars).toBeLessThanOrEqual(300);
    // Every source says how much of it was read, the one left out too.
    expect(fromHarbour?.count?.of).toBeGreaterThan(10);
    expect(fromGarden?.count).toEqual({ read: expect.any(Number), of: expect.any(Number) });
    expect(fromHarbour!.count!.read).toBe(fromHarbour!.passages!.length);
    // In the order of the text, not of the ranking.
    const starts = fromHarbour!.passages!.map((passage) => passage.start);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  });

  it('reads a long page from its start when the question shares no word with it', () => {
    const [selected] = selectPassages([{ id: 'g', text: filler('the garden', 40) }], 'zzz', 200, { passageChars: 100 });
    expect(selected?.passages?.[0]?.index).toBe(0);
    expect(selected?.count?.read).toBeGreaterThan(0);
  });

  it('gives a passage that shares no word with the question its place when it is close in meaning', () => {
    const fact = 'Ada tends the lamp at the end of the pier every night.';
    const text = `${filler('the harbour', 30)}\n${fact}\n${filler('boats', 30)}`;
    const sources = [{ id: 'h', text }];
    const question = 'lighthouse keeper?';
    const keeper = passagesToRank(sources, 200, 100).find((passage) => passage.text.includes('Ada tends'))!;
    const byWords = selectPassages(sources, question, 200, { passageChars: 100 });
    expect(byWords[0]?.passages?.some((passage) => passage.text.includes('Ada tends'))).toBe(false);
    const fused = selectPassages(sources, question, 200, { passageChars: 100, byMeaning: new Map([[keeper.key, 1]]) });
    expect(fused[0]?.passages?.some((passage) => passage.text.includes('Ada tends'))).toBe(true);
    // The question says how its passages were chosen.
    expect(fused[0]?.count?.byMeaning).toBe(true);
    expect(byWords[0]?.count).not.toHaveProperty('byMeaning');
  });

  it('has nothing to rank when the sources fit whole', () => {
    expect(passagesToRank([{ id: 'a', text: 'Otters hold hands.' }], 100)).toEqual([]);
    expect(passagesToRank([{ id: 'g', text: filler('the garden', 40) }], 100, 100).length).toBeGreaterThan(10);
  });
});
