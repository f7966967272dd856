import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createConversationWriter } from '../chat/conversation-writer';
import { toJson, toMarkdown } from '../chat/export';
import { openConversationStore } from '../chat/store';
import type { Embed, Embedder } from '../context/semantic';
import type { ContextInfo } from '../contracts/engine';
import type { PageText } from '../contracts/page';
import type { Prepared } from '../contracts/protocol';
import type { SourceRef } from '../contracts/source';
import { createTaskService } from './task-service';

let databases = 0;

async function setup(pages: Record<number, PageText>, context: ContextInfo = {}, embedder?: Embedder) {
  const store = await openConversationStore(`sources-${databases++}`);
  const reads: number[] = [];
  const service = createTaskService({
    writer: createConversationWriter(async () => store),
    readPage: async (tabId) => {
      reads.push(tabId);
      return pages[tabId]!;
    },
    language: () => 'en',
    systemPrompt: async () => '',
    contextInfo: async () => context,
    embedder: () => embedder,
  });
  let turn = 0;
  async function ask(question: string, sources: SourceRef[], conversationId?: string) {
    const prepared: Prepared[] = [];
    const progress: string[] = [];
    const control = {
      signal: new AbortController().signal,
      answerTokens: 512,
      progress: (text: string) => progress.push(text),
      prepared: (value: Prepared) => prepared.push(value),
      complete: async () => '',
    };
    const task = {
      kind: 'chat' as const,
      question,
      userTurnId: `u${turn}`,
      answerTurnId: `a${turn++}`,
      sources,
      ...(conversationId && { conversationId }),
    };
    const plan = await service.plan(task, control);
    const { messages } = await plan.prepare();
    await (await plan.saveTo)?.conversationId;
    await expect.poll(() => prepared.length).toBe(1);
    return { messages, prepared: prepared[0]!, progress };
  }
  return { store, reads, ask };
}

const otters: PageText = { title: 'Otters', url: 'https://example.com/otters', text: 'Otters hold hands.' };
const ferries: PageText = { title: 'Ferries', url: 'https://example.com/ferries', text: 'The ferry leaves at nine.' };

describe('questions about pages', () => {
  it('sends the page with the question, keeps it once and answers a follow-up from the kept text', async () => {
    const { store, reads, ask } = await setup({ 1: otters });
    const first = await ask('What do otters hold?', [{ from: 'tab', tabId: 1 }]);
    expect(first.progress).toEqual(['Reading the page…']);
    const last = first.messages.at(-1)!.content;
    expect(last).toContain('“Otters” (https://example.com/otters)');
    expect(last).toContain('> Otters hold hands.');
    expect(last).toContain('Question: What do otters hold?');
    const [used] = first.prepared.sources!;
    expect(used).toMatchObject({ title: 'Otters', url: otters.url });

    const conversationId = first.prepared.conversationId!;
    await store.updateTurn(conversationId, 'a0', { text: 'Hands.', status: 'done' });
    const follow = await ask('And why?', [{ from: 'stored', id: used!.id }], conversationId);
    expect(reads).toEqual([1]);
    // The page is sent once, with the newest question; the earlier question goes as it was asked.
    expect(follow.messages.map((message) => message.content)).toEqual([
      'What do otters hold?',
      'Hands.',
      expect.stringMatching(/> Otters hold hands\.[\s\S]*Question: And why\?$/),
    ]);

    const stored = await store.get(conversationId);
    expect(stored?.sources).toEqual([{ id: used!.id, title: 'Otters', url: otters.url, readAt: used!.readAt }]);
    expect(stored?.turns[0]).toMatchObject({ text: 'What do otters hold?', sources: [{ id: used!.id }] });
    expect(await store.sourceTexts(conversationId)).toHaveLength(1);
  });

  it('reads the same tab again into the kept source when its text is unchanged', async () => {
    const { store, ask } = await setup({ 1: otters, 2: ferries });
    const first = await ask('Otters?', [{ from: 'tab', tabId: 1 }]);
    const conversationId = first.prepared.conversationId!;
    const second = await ask(
      'Both?',
      [
        { from: 'tab', tabId: 1 },
        { from: 'tab', tabId: 2 },
      ],
      conversationId,
    );
    expect(second.progress).toEqual(['Reading page 1 of 2…', 'Reading page 2 of 2…']);
    expect(second.prepared.sources?.map((source) => source.title)).toEqual(['Otters', 'Ferries']);
    expect(second.prepared.sources?.[0]?.id).toBe(first.prepared.sources?.[0]?.id);
    expect((await store.sourceTexts(conversationId)).map((source) => source.text)).toEqual([otters.text, ferries.text]);
  });

  it('names the sources, with when they were read, in both exports', async () => {
    const { store, ask } = await setup({ 1: otters });
    const { prepared } = await ask('Otters?', [{ from: 'tab', tabId: 1 }]);
    const conversation = (await store.get(prepared.conversationId!))!;
    const readAt = new Date(prepared.sources![0]!.readAt).toISOString();
    expect(toMarkdown(conversation)).toContain(`**Sources**\n\n- Otters <${otters.url}>, read ${readAt.slice(0, 10)}`);
    expect(JSON.parse(toJson(conversation)).sources).toEqual([
      { id: prepared.sources![0]!.id, title: 'Otters', url: otters.url, readAt },
    ]);
  });

  it('sends the passages of a long page that answer the question, and says how many of how many', async () => {
    const filler = Array.from({ length: 400 }, (_, i) => `Paragraph ${i} is about the harbour.`).join('\n');
    const text = `${filler}\nThe lighthouse keeper is named Ada.\n${filler}`;
    const { ask } = await setup({ 1: { title: 'Harbour', url: 'https://example.com/harbour', text } });
    const { messages, prepared } = await ask('Who keeps the lighthouse?', [{ from: 'tab', tabId: 1 }]);
    const { passages } = prepared.sources![0]!;
    expect(passages!.of).toBeGreaterThan(20);
    expect(passages!.read).toBeGreaterThan(0);
    expect(passages!.read).toBeLessThan(passages!.of);
    const prompt = messages.at(-1)!.content;
    expect(prompt).toContain(`${passages!.read} of its ${passages!.of} passages (the rest left out)`);
    expect(prompt).toContain('The lighthouse keeper is named Ada.');
    expect(prompt.length).toBeLessThan(5_000);
  });

  it('ranks a long page by meaning too with the server’s embedding model, and says so while it waits', async () => {
    const filler = Array.from({ length: 300 }, (_, i) => `Paragraph ${i} is about the harbour.`).join('\n');
    const text = `${filler}\nAda tends the lamp at the end of the pier every night.\n${filler}`;
    const page = { 1: { title: 'Harbour', url: 'https://example.com/harbour', text } };
    const byTopic: Embed = async (texts) => texts.map((t) => [/light|lamp|keeper/i.test(t) ? 1 : 0, 0.1]);
    const failing: Embed = async () => {
      throw new Error('model "nomic-embed-text" not found');
    };
    const asked = async (embed?: Embed) =>
      (await setup(page, {}, embed && { label: 'nomic-embed-text on localhost', embed })).ask('lighthouse keeper?', [
        { from: 'tab', tabId: 1 },
      ]);
    const readsAda = (answer: Awaited<ReturnType<typeof asked>>) =>
      answer.messages.at(-1)!.content.includes('Ada tends the lamp');

    const byWords = await asked();
    expect(readsAda(byWords)).toBe(false);
    const byMeaning = await asked(byTopic);
    expect(readsAda(byMeaning)).toBe(true);
    const { of } = byMeaning.prepared.sources![0]!.passages!;
    expect(byMeaning.progress).toContain(`Ranking ${of} passages by meaning with nomic-embed-text on localhost…`);
    // A server that cannot embed costs the question nothing but the words' ranking.
    const unranked = await asked(failing);
    expect(readsAda(unranked)).toBe(false);
    expect(unranked.prepared.sources![0]!.passages!.read).toBeGreaterThan(0);
  });

  it('fits the passages to the context of the engine that answers', async () => {
    const filler = Array.from({ length: 1000 }, (_, i) => `Paragraph ${i} is about the harbour.`).join('\n');
    const page = { 1: { title: 'Harbour', url: 'https://example.com/harbour', text: filler } };
    const asked = async (context: ContextInfo) =>
      (await setup(page, context)).ask('Which paragraph is about the harbour?', [{ from: 'tab', tabId: 1 }]);
    const unknown = await asked({});
    const small = await asked({ contextWindow: 4096, charsPerToken: 1 });
    const big = await asked({ contextWindow: 8192, charsPerToken: 4 });
    const read = (asked: typeof small) => asked.prepared.sources![0]!.passages!.read;
    expect(read(unknown)).toBeLessThan(read(small));
    expect(read(small)).toBeLessThan(read(big));
    // (4096 − 512 − 400) × 0.75 tokens of a token a character, with the instructions and the question.
    expect(small.messages.at(-1)!.content.length).toBeLessThan(2388 + 800);
  });

  it('forgets the sources with the conversation', async () => {
    const { store, ask } = await setup({ 1: otters });
    const { prepared } = await ask('Otters?', [{ from: 'tab', tabId: 1 }]);
    await store.remove(prepared.conversationId!);
    expect(await store.sourceTexts(prepared.conversationId!)).toEqual([]);
  });
});
