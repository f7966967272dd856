import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createConversationWriter } from './conversation-writer';
import { openConversationStore } from './store';

let databases = 0;
const setup = async () => {
  const store = await openConversationStore(`writer-${databases++}`);
  return { store, writer: createConversationWriter(async () => store) };
};

describe('the background’s conversation writer', () => {
  it('a first question creates the conversation with its system prompt and stores both turns', async () => {
    const { store, writer } = await setup();
    const asked = await writer.ask({
      kind: 'chat',
      question: 'Why is the sky blue?',
      systemPrompt: 'Be brief.',
      userTurnId: 'u1',
      answerTurnId: 'a1',
    });
    expect(asked.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Why is the sky blue?' },
    ]);
    const { conversationId, title } = await asked.saved;
    expect(title).toBe('Why is the sky blue?');
    const stored = await store.get(conversationId);
    expect(stored?.systemPrompt).toBe('Be brief.');
    expect(stored?.turns).toEqual([
      { id: 'u1', role: 'user', text: 'Why is the sky blue?' },
      { id: 'a1', role: 'assistant', text: '', status: 'streaming' },
    ]);
  });

  it('a conversation keeps the CPU model it chose, for its follow-ups, until the choice changes', async () => {
    const { store, writer } = await setup();
    const model = { name: 'Model One', url: 'http://127.0.0.1/one.gguf' };
    const asked = await writer.ask({
      kind: 'chat',
      question: 'Hi',
      cpuModel: model,
      userTurnId: 'u1',
      answerTurnId: 'a1',
    });
    expect(asked.cpuModel).toEqual(model);
    const { conversationId } = await asked.saved;
    const followUp = { kind: 'chat' as const, conversationId, question: 'And?', userTurnId: 'u2', answerTurnId: 'a2' };
    expect((await writer.ask(followUp)).cpuModel).toEqual(model);
    await store.setCpuModel(conversationId, undefined);
    expect((await writer.ask({ ...followUp, userTurnId: 'u3', answerTurnId: 'a3' })).cpuModel).toBeUndefined();
  });

  it(
    'a follow-up sends the stored turns, a long quote by its brief; ' + 'regenerate replaces from the question',
    async () => {
      const { store, writer } = await setup();
      const task = await writer.startTask({
        title: 'Summarize: “…”',
        question: 'Summarize:\n\nvery long text',
        brief: 'Summarize (a long text)',
      });
      await store.updateTurn(task.conversationId, task.turnId, { text: 'It is long.', status: 'done' });
      const followUp = await writer.ask({
        kind: 'chat',
        conversationId: task.conversationId,
        question: 'And?',
        userTurnId: 'u2',
        answerTurnId: 'a2',
      });
      expect(followUp.messages).toEqual([
        { role: 'user', content: 'Summarize (a long text)' },
        { role: 'assistant', content: 'It is long.' },
        { role: 'user', content: 'And?' },
      ]);
      await followUp.saved;
      const again = await writer.ask({
        kind: 'chat',
        conversationId: task.conversationId,
        question: 'And then?',
        userTurnId: 'u3',
        answerTurnId: 'a3',
        replaceFrom: 'u2',
      });
      expect(again.messages.at(-1)).toEqual({ role: 'user', content: 'And then?' });
      expect(again.messages).toHaveLength(3);
      await again.saved;
      const turns = (await store.get(task.conversationId))!.turns;
      expect(turns.map((turn) => turn.id).slice(2)).toEqual(['u3', 'a3']);
      expect(turns[0]).toMatchObject({ text: 'Summarize:\n\nvery long text', brief: 'Summarize (a long text)' });
    },
  );

  it('a question for a deleted conversation is refused in plain words', async () => {
    const { writer } = await setup();
    await expect(
      writer.ask({ kind: 'chat', conversationId: 'gone', question: 'Hi', userTurnId: 'u', answerTurnId: 'a' }),
    ).rejects.toThrow('This conversation no longer exists');
  });
});
