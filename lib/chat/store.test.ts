import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { GenerationResult } from '../contracts/result';
import {
  ConversationNotFoundError,
  NEW_CONVERSATION_TITLE,
  StorageError,
  openConversationStore,
  type ConversationStore,
} from './store';
import { answer, user } from '../../tests/unit/turns';

const FULL_MESSAGE =
  "Inkling could not save this conversation: the browser's storage for extensions is full. " +
  'Delete old conversations or free disk space; nothing already saved was lost.';

let databases = 0;
const freshName = () => `inkling-test-${++databases}`;

/** A clock that moves one second per reading, so every change has its own time. */
function clock(start = Date.UTC(2025, 0, 2, 10)) {
  let time = start - 1000;
  return () => (time += 1000);
}

const opened: ConversationStore[] = [];
async function openStore(name = freshName(), now = clock()) {
  const store = await openConversationStore(name, { now });
  opened.push(store);
  return store;
}

afterEach(() => {
  vi.restoreAllMocks();
  for (const store of opened.splice(0)) store.close();
});

const result: GenerationResult = {
  text: 'Rayleigh scattering.',
  engine: 'cpu',
  engineLabel: 'llama.cpp on your CPU',
  model: 'Qwen2.5 0.5B Instruct (Q4_K_M)',
  finishReason: 'stop',
  tokensUsed: 4,
  tokensEstimated: false,
  timeToFirstTokenMs: 80,
  latencyMs: 300,
  tokensPerSecond: 20,
};

/**
 * Makes writes fail the way a browser does: the request fails on its own turn, or the transaction
 * aborts when it commits (how Chrome reports a full disk), and the whole transaction is rolled back.
 * Uses fake-indexeddb's request queue, so the failure takes the same path as a real one.
 */
function failWrites(errorName: string, { after = 0, at = 'request' as 'request' | 'commit' } = {}) {
  let allowed = after;
  type Queue = {
    _execRequestAsync(task: { source: unknown; operation: () => unknown }): IDBRequest;
    _abort(name: string): void;
  };
  for (const method of ['put', 'add', 'delete'] as const) {
    const original = IDBObjectStore.prototype[method] as (...args: unknown[]) => IDBRequest;
    vi.spyOn(IDBObjectStore.prototype, method).mockImplementation(function (this: IDBObjectStore, ...args: unknown[]) {
      if (allowed-- > 0) return original.apply(this, args);
      const transaction = this.transaction as unknown as Queue;
      if (at === 'commit') {
        const request = original.apply(this, args);
        request.addEventListener('success', () => transaction._abort(errorName));
        return request;
      }
      return transaction._execRequestAsync({
        source: this,
        operation: () => {
          throw new DOMException('The write failed.', errorName);
        },
      });
    } as never);
  }
}

describe('create and get', () => {
  it('creates an empty conversation with a placeholder title', async () => {
    const store = await openStore();
    const created = await store.create();
    expect(created).toEqual({
      id: expect.any(String),
      title: NEW_CONVERSATION_TITLE,
      createdAt: Date.UTC(2025, 0, 2, 10),
      updatedAt: Date.UTC(2025, 0, 2, 10),
      turns: [],
    });
    expect(await store.get(created.id)).toEqual(created);
  });

  it('keeps a given title and system prompt', async () => {
    const store = await openStore();
    const created = await store.create({ title: '  Trip plans ', systemPrompt: 'Answer in French.' });
    expect(await store.get(created.id)).toMatchObject({ title: 'Trip plans', systemPrompt: 'Answer in French.' });
  });

  it('leaves out a blank system prompt', async () => {
    const store = await openStore();
    const created = await store.create({ systemPrompt: '  ' });
    expect(await store.get(created.id)).not.toHaveProperty('systemPrompt');
  });

  it('gives every conversation its own id', async () => {
    const store = await openStore();
    const ids = new Set(await Promise.all([1, 2, 3].map(async () => (await store.create()).id)));
    expect(ids.size).toBe(3);
  });

  it('answers undefined for an unknown id', async () => {
    const store = await openStore();
    expect(await store.get('nope')).toBeUndefined();
  });
});

describe('appendTurns', () => {
  it('keeps turns in order across calls', async () => {
    const store = await openStore();
    const { id } = await store.create();
    const turns = [user('q1'), answer('a1'), user('q2'), answer('a2')];
    await store.appendTurns(id, turns[0]!, turns[1]!);
    await store.appendTurns(id, turns[2]!);
    await store.appendTurns(id, turns[3]!);
    expect((await store.get(id))?.turns).toEqual(turns);
  });

  it('keeps a turn exactly as given, result included', async () => {
    const store = await openStore();
    const { id } = await store.create();
    const turn = answer('Rayleigh scattering.', 'done', { result });
    await store.appendTurns(id, user('Why is the sky blue?'), turn);
    expect((await store.get(id))?.turns[1]).toEqual(turn);
  });

  it('titles the conversation after its first question, on one line', async () => {
    const store = await openStore();
    const { id } = await store.create();
    await store.appendTurns(id, user('  Why is\nthe sky   blue?  '), answer('Scattering.'));
    await store.appendTurns(id, user('And sunsets?'));
    expect(await store.get(id)).toMatchObject({ title: 'Why is the sky blue?' });
  });

  it('shortens a long first question at a word, to about 60 characters', async () => {
    const store = await openStore();
    const { id } = await store.create();
    const question = 'Explain how a transformer language model predicts the next token from the previous ones';
    await store.appendTurns(id, user(question));
    const { title } = (await store.get(id))!;
    expect(title).toBe('Explain how a transformer language model predicts the next…');
    expect(title.length).toBeLessThanOrEqual(61);
  });

  it('keeps a title the user gave', async () => {
    const store = await openStore();
    const { id } = await store.create({ title: 'Sky' });
    await store.appendTurns(id, user('Why is the sky blue?'));
    expect(await store.get(id)).toMatchObject({ title: 'Sky' });
  });

  it('moves the conversation to the top of the list', async () => {
    const store = await openStore();
    const older = await store.create();
    const newer = await store.create();
    await store.appendTurns(older.id, user('q'));
    expect((await store.list()).map((item) => item.id)).toEqual([older.id, newer.id]);
  });

  it('refuses a conversation that does not exist', async () => {
    const store = await openStore();
    await expect(store.appendTurns('gone', user('q'))).rejects.toBeInstanceOf(ConversationNotFoundError);
  });

  it('refuses a turn id used twice, and saves none of that call', async () => {
    const store = await openStore();
    const { id } = await store.create();
    const first = user('q1');
    await store.appendTurns(id, first);
    await expect(store.appendTurns(id, answer('a1'), first)).rejects.toThrow();
    expect(await store.get(id)).toMatchObject({ turns: [first], title: 'q1' });
  });

  it('does nothing when given no turns', async () => {
    const store = await openStore();
    const created = await store.create();
    await store.appendTurns(created.id);
    expect(await store.get(created.id)).toEqual(created);
  });
});

describe('list', () => {
  it('lists newest first with the title and the first question as a preview', async () => {
    const store = await openStore();
    const a = await store.create({ systemPrompt: 'Be brief.' });
    await store.appendTurns(a.id, user('First question'), answer('An answer'), user('Second question'));
    const b = await store.create({ title: 'Named' });
    const c = await store.create();
    expect(await store.list()).toEqual([
      { id: c.id, title: NEW_CONVERSATION_TITLE, preview: '', createdAt: c.createdAt, updatedAt: c.updatedAt },
      { id: b.id, title: 'Named', preview: '', createdAt: b.createdAt, updatedAt: b.updatedAt },
      {
        id: a.id,
        title: 'First question',
        systemPrompt: 'Be brief.',
        preview: 'First question',
        createdAt: a.createdAt,
        updatedAt: expect.any(Number),
      },
    ]);
  });

  it('is empty in a new database', async () => {
    expect(await (await openStore()).list()).toEqual([]);
  });

  it('shortens a long preview', async () => {
    const store = await openStore();
    const { id } = await store.create();
    await store.appendTurns(id, user('word '.repeat(100)));
    const [item] = await store.list();
    expect(item!.preview.length).toBeLessThanOrEqual(201);
    expect(item!.preview).toMatch(/^word word .*word…$/);
  });
});

describe('rename', () => {
  it('renames and moves the conversation up', async () => {
    const store = await openStore();
    const a = await store.create();
    await store.create();
    await store.rename(a.id, '  Holiday\nideas ');
    const [first] = await store.list();
    expect(first).toMatchObject({ id: a.id, title: 'Holiday ideas' });
    expect(first!.updatedAt).toBeGreaterThan(a.updatedAt);
  });

  it('gives a blank title back to the first question', async () => {
    const store = await openStore();
    const { id } = await store.create({ title: 'Custom' });
    await store.appendTurns(id, user('Why is the sky blue?'));
    await store.rename(id, ' ');
    expect(await store.get(id)).toMatchObject({ title: 'Why is the sky blue?' });
    await store.truncateFrom(id, (await store.get(id))!.turns[0]!.id);
    await store.appendTurns(id, user('What is a rainbow?'));
    expect(await store.get(id)).toMatchObject({ title: 'What is a rainbow?' });
  });

  it('refuses a conversation that does not exist', async () => {
    const store = await openStore();
    await expect(store.rename('gone', 'x')).rejects.toBeInstanceOf(ConversationNotFoundError);
  });
});

describe('remove', () => {
  it('removes the conversation and its turns, and nothing else', async () => {
    const name = freshName();
    const store = await openStore(name);
    const keep = await store.create();
    const drop = await store.create();
    await store.appendTurns(keep.id, user('keep me'), answer('kept'));
    await store.appendTurns(drop.id, user('drop me'), answer('dropped'));
    await store.remove(drop.id);
    expect(await store.get(drop.id)).toBeUndefined();
    expect((await store.list()).map((item) => item.id)).toEqual([keep.id]);
    expect(await store.search('drop')).toEqual([]);
    const raw = await openDB(name);
    expect(await raw.count('turns')).toBe(2);
    raw.close();
  });

  it('does nothing for an unknown id', async () => {
    const store = await openStore();
    await expect(store.remove('gone')).resolves.toBeUndefined();
  });
});

describe('setSystemPrompt', () => {
  it('sets, changes and clears the system prompt', async () => {
    const store = await openStore();
    const { id } = await store.create();
    await store.setSystemPrompt(id, 'Be brief.');
    expect(await store.get(id)).toMatchObject({ systemPrompt: 'Be brief.' });
    await store.setSystemPrompt(id, 'Answer in French.\nBe kind.');
    expect(await store.get(id)).toMatchObject({ systemPrompt: 'Answer in French.\nBe kind.' });
    await store.setSystemPrompt(id, '');
    expect(await store.get(id)).not.toHaveProperty('systemPrompt');
    await store.setSystemPrompt(id, 'Again');
    await store.setSystemPrompt(id, undefined);
    expect(await store.get(id)).not.toHaveProperty('systemPrompt');
  });

  it('refuses a conversation that does not exist', async () => {
    const store = await openStore();
    await expect(store.setSystemPrompt('gone', 'x')).rejects.toBeInstanceOf(ConversationNotFoundError);
  });
});

describe('updateTurn', () => {
  async function streamingConversation(store: ConversationStore) {
    const { id } = await store.create();
    const question = user('Tell me a story');
    const reply = answer('', 'streaming');
    await store.appendTurns(id, question, reply);
    return { id, question, reply };
  }

  it('saves the partial answer many times and ends with the final text and result', async () => {
    const store = await openStore();
    const { id, question, reply } = await streamingConversation(store);
    const words = Array.from({ length: 300 }, (_, index) => `word${index} `);
    let text = '';
    for (const word of words) {
      text += word;
      expect(await store.updateTurn(id, reply.id, { text })).toBe(true);
    }
    expect((await store.get(id))?.turns[1]).toEqual({ ...reply, text: words.join('') });
    await store.updateTurn(id, reply.id, { text: 'The end.', status: 'done', result });
    expect((await store.get(id))?.turns).toEqual([question, { ...reply, text: 'The end.', status: 'done', result }]);
  });

  it('keeps the last of many saves not awaited one by one', async () => {
    const store = await openStore();
    const { id, reply } = await streamingConversation(store);
    const saves = Array.from({ length: 100 }, (_, index) =>
      store.updateTurn(id, reply.id, { text: 'x'.repeat(index + 1) }),
    );
    await Promise.all(saves);
    expect((await store.get(id))?.turns[1]?.text).toBe('x'.repeat(100));
  });

  it('does not reorder the list while streaming, and does when the answer finishes', async () => {
    const store = await openStore();
    const { id, reply } = await streamingConversation(store);
    const other = await store.create();
    await store.updateTurn(id, reply.id, { text: 'partial' });
    expect((await store.list())[0]?.id).toBe(other.id);
    await store.updateTurn(id, reply.id, { status: 'done' });
    expect((await store.list())[0]?.id).toBe(id);
  });

  it('removes a field set to undefined, such as an error cleared on retry', async () => {
    const store = await openStore();
    const { id, reply } = await streamingConversation(store);
    await store.updateTurn(id, reply.id, { status: 'failed', error: 'Out of memory' });
    await store.updateTurn(id, reply.id, { status: 'streaming', error: undefined });
    const saved = (await store.get(id))?.turns[1];
    expect(saved).toEqual({ ...reply, status: 'streaming' });
    expect(saved).not.toHaveProperty('error');
  });

  it('changes only an answer’s own fields', async () => {
    const store = await openStore();
    const { id, reply } = await streamingConversation(store);
    await store.updateTurn(id, reply.id, { text: 'ok', id: 'other', role: 'user' } as never);
    expect((await store.get(id))?.turns[1]).toEqual({ ...reply, text: 'ok' });
  });

  it('answers false for an answer deleted or cut off while it streamed', async () => {
    const store = await openStore();
    const { id, reply } = await streamingConversation(store);
    await store.truncateFrom(id, reply.id);
    expect(await store.updateTurn(id, reply.id, { text: 'late' })).toBe(false);
    await store.remove(id);
    expect(await store.updateTurn(id, reply.id, { text: 'late', status: 'done' })).toBe(false);
    expect(await store.get(id)).toBeUndefined();
  });

  it('refuses to update a question', async () => {
    const store = await openStore();
    const { id, question } = await streamingConversation(store);
    await expect(store.updateTurn(id, question.id, { text: 'edited' })).rejects.toThrow(/Only an answer/);
    expect((await store.get(id))?.turns[0]).toEqual(question);
  });
});

describe('truncateFrom', () => {
  async function fourTurns(store: ConversationStore) {
    const { id } = await store.create();
    const turns = [user('q1'), answer('a1'), user('q2'), answer('a2')] as const;
    await store.appendTurns(id, ...turns);
    return { id, turns };
  }

  it('removes a question and everything after it, for an edited resend', async () => {
    const store = await openStore();
    const { id, turns } = await fourTurns(store);
    expect(await store.truncateFrom(id, turns[2].id)).toBe(true);
    const edited = user('q2, edited');
    const next = answer('a2 again');
    await store.appendTurns(id, edited, next);
    expect((await store.get(id))?.turns).toEqual([turns[0], turns[1], edited, next]);
  });

  it('removes the last answer only, to regenerate it', async () => {
    const store = await openStore();
    const { id, turns } = await fourTurns(store);
    await store.truncateFrom(id, turns[3].id);
    expect((await store.get(id))?.turns).toEqual([turns[0], turns[1], turns[2]]);
  });

  it('empties the conversation from its first turn and forgets the derived title and preview', async () => {
    const store = await openStore();
    const { id, turns } = await fourTurns(store);
    await store.truncateFrom(id, turns[0].id);
    expect(await store.get(id)).toMatchObject({ title: NEW_CONVERSATION_TITLE, turns: [] });
    expect((await store.list())[0]).toMatchObject({ id, preview: '' });
  });

  it('keeps the title and preview when the first question stays', async () => {
    const store = await openStore();
    const { id, turns } = await fourTurns(store);
    await store.truncateFrom(id, turns[1].id);
    expect((await store.list())[0]).toMatchObject({ id, title: 'q1', preview: 'q1' });
  });

  it('answers false and changes nothing for an unknown turn', async () => {
    const store = await openStore();
    const { id } = await fourTurns(store);
    const before = await store.get(id);
    expect(await store.truncateFrom(id, 'nope')).toBe(false);
    expect(await store.get(id)).toEqual(before);
  });

  it('leaves other conversations alone', async () => {
    const store = await openStore();
    const a = await fourTurns(store);
    const b = await fourTurns(store);
    await store.truncateFrom(a.id, a.turns[0].id);
    expect((await store.get(b.id))?.turns).toEqual([...b.turns]);
  });
});

describe('recoverInterrupted', () => {
  it('marks answers left streaming as stopped, keeping their text', async () => {
    const store = await openStore();
    const a = await store.create();
    const b = await store.create();
    const cut = answer('Half an ans', 'streaming');
    const empty = answer('', 'streaming');
    const finished = answer('Whole answer', 'done', { result });
    const [q1, q2] = [user('q1'), user('q2')];
    await store.appendTurns(a.id, q1, finished, q2, cut);
    await store.appendTurns(b.id, user('q3'), empty);
    const listed = await store.list();
    expect(await store.recoverInterrupted()).toBe(2);
    expect((await store.get(a.id))?.turns).toEqual([q1, finished, q2, { ...cut, status: 'stopped' }]);
    expect((await store.get(b.id))?.turns[1]).toEqual({ ...empty, status: 'stopped' });
    // Recovering is not something the user did: the list keeps its order and dates.
    expect(await store.list()).toEqual(listed);
    expect(await store.recoverInterrupted()).toBe(0);
  });

  it('finds nothing in a new database', async () => {
    expect(await (await openStore()).recoverInterrupted()).toBe(0);
  });
});

describe('search', () => {
  async function library(store: ConversationStore) {
    const sky = await store.create();
    await store.appendTurns(
      sky.id,
      user('Why is the sky blue?'),
      answer('Because of **Rayleigh** scattering of sunlight by the air.'),
    );
    const cake = await store.create({ title: 'Baking notes' });
    await store.appendTurns(
      cake.id,
      user('How long do I bake a sponge?'),
      answer('About 25 minutes; the sky is the limit for decoration.'),
    );
    const code = await store.create();
    await store.appendTurns(code.id, user('What does (a+b)*c mean in C++?'), answer('It multiplies the sum by c.'));
    return { sky, cake, code };
  }

  it('finds a word in any case, in answers too, newest first', async () => {
    const store = await openStore();
    const { sky, cake } = await library(store);
    const hits = await store.search('SKY');
    expect(hits.map((hit) => hit.id)).toEqual([cake.id, sky.id]);
    expect(hits[0]).toMatchObject({
      title: 'Baking notes',
      preview: 'How long do I bake a sponge?',
      turnId: expect.stringMatching(/^a/),
    });
    expect((await store.search('rayleigh')).map((hit) => hit.id)).toEqual([sky.id]);
  });

  it('puts the match in a snippet and says where it is', async () => {
    const store = await openStore();
    await library(store);
    const [hit] = await store.search('rayleigh');
    expect(hit?.snippet).toBe('Because of **Rayleigh** scattering of sunlight by the air.');
    expect(hit?.snippet.slice(...hit.highlight)).toBe('Rayleigh');
  });

  it('finds a match in a title the user gave', async () => {
    const store = await openStore();
    const { cake } = await library(store);
    const hits = await store.search('baking');
    expect(hits).toEqual([expect.objectContaining({ id: cake.id, snippet: 'Baking notes', highlight: [0, 6] })]);
    expect(hits[0]).not.toHaveProperty('turnId');
  });

  it('does not match the placeholder title of an empty conversation', async () => {
    const store = await openStore();
    await store.create();
    expect(await store.search('conversation')).toEqual([]);
  });

  it('shows the first match in turn order, the question for a title made from it', async () => {
    const store = await openStore();
    const { id } = await store.create();
    const question = user('Tell me about cats');
    await store.appendTurns(id, question, answer('Cats are small carnivores.'));
    const [hit] = await store.search('cats');
    expect(hit).toMatchObject({ turnId: question.id, snippet: 'Tell me about cats' });
  });

  it('takes the query literally, punctuation included', async () => {
    const store = await openStore();
    const { code } = await library(store);
    expect((await store.search('(A+B)*C')).map((hit) => hit.id)).toEqual([code.id]);
    expect((await store.search('c++')).map((hit) => hit.id)).toEqual([code.id]);
    expect(await store.search('.*')).toEqual([]);
  });

  it('finds nothing for a blank query or a missing word', async () => {
    const store = await openStore();
    await library(store);
    expect(await store.search('   ')).toEqual([]);
    expect(await store.search('zebra')).toEqual([]);
  });

  it('cuts a long text around the match at words, on one line', async () => {
    const store = await openStore();
    const { id } = await store.create();
    const long = `${'alpha beta gamma delta\n'.repeat(10)}The needle is here.\n${'epsilon zeta eta theta '.repeat(10)}`;
    await store.appendTurns(id, user('q'), answer(long));
    const [hit] = await store.search('NEEDLE');
    expect(hit?.snippet).toMatch(/^…\S.* The needle is here\. .*\S…$/);
    expect(hit?.snippet).not.toContain('\n');
    expect(hit?.snippet.slice(...hit.highlight)).toBe('needle');
    expect(hit!.snippet.length).toBeLessThanOrEqual(2 + 6 + 2 * 40);
  });
});

describe('persistence', () => {
  it('finds everything again after the store is closed and opened by name', async () => {
    const name = freshName();
    const now = clock();
    const first = await openStore(name, now);
    const { id } = await first.create({ systemPrompt: 'Be brief.' });
    await first.appendTurns(id, user('Why is the sky blue?'), answer('Scattering.', 'done', { result }));
    await first.rename(id, 'Sky');
    const saved = await first.get(id);
    const listed = await first.list();
    first.close();

    const second = await openStore(name, now);
    expect(await second.get(id)).toEqual(saved);
    expect(await second.list()).toEqual(listed);
    expect((await second.search('scattering')).map((hit) => hit.id)).toEqual([id]);
  });

  it('recovers an answer cut off by a crash when opened again', async () => {
    const name = freshName();
    const first = await openStore(name);
    const { id } = await first.create();
    const reply = answer('', 'streaming');
    await first.appendTurns(id, user('q'), reply);
    await first.updateTurn(id, reply.id, { text: 'As far as it got' });
    first.close();

    const second = await openStore(name);
    expect(await second.recoverInterrupted()).toBe(1);
    expect((await second.get(id))?.turns[1]).toEqual({ ...reply, text: 'As far as it got', status: 'stopped' });
  });

  it('opens the connection again when used after close', async () => {
    const store = await openStore();
    const { id } = await store.create();
    store.close();
    expect(await store.get(id)).toMatchObject({ id });
  });

  it('lays out version 2 of the schema', async () => {
    const name = freshName();
    await openStore(name);
    const raw = await openDB(name);
    expect(raw.version).toBe(2);
    expect([...raw.objectStoreNames]).toEqual(['conversations', 'sources', 'turns']);
    const tx = raw.transaction(['conversations', 'turns']);
    expect([...tx.objectStore('conversations').indexNames]).toEqual(['updatedAt']);
    expect([...tx.objectStore('turns').indexNames]).toEqual(['order', 'status']);
    raw.close();
  });

  it('lets a newer version of Inkling upgrade the database while this store is open', async () => {
    const name = freshName();
    const store = await openStore(name);
    await store.create();
    const newer = await openDB(name, 3, { upgrade: (db) => void db.createObjectStore('later') });
    expect(newer.version).toBe(3);
    newer.close();
    // This copy of the code knows version 2 only: it says so in plain words instead of failing oddly.
    await expect(store.list()).rejects.toBeInstanceOf(StorageError);
  });
});

describe('storage failures', () => {
  async function saved(store: ConversationStore) {
    const { id } = await store.create();
    const reply = answer('Scattering.', 'streaming');
    await store.appendTurns(id, user('Why is the sky blue?'), reply);
    return { id, reply, before: await store.get(id), listed: await store.list() };
  }

  it('reports a full disk in plain words and keeps what was saved (failed request)', async () => {
    const store = await openStore();
    const { id, before, listed } = await saved(store);
    // The first write of the call succeeds and the second fails: the transaction must undo the first.
    failWrites('QuotaExceededError', { after: 1 });
    const error = await store.appendTurns(id, user('Another'), answer('More')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StorageError);
    expect(error).toMatchObject({
      reason: 'full',
      message: FULL_MESSAGE,
      cause: expect.objectContaining({ name: 'QuotaExceededError' }),
    });
    vi.restoreAllMocks();
    expect(await store.get(id)).toEqual(before);
    expect(await store.list()).toEqual(listed);
  });

  it('reports a full disk found at commit and keeps what was saved', async () => {
    const store = await openStore();
    const { id, before } = await saved(store);
    failWrites('QuotaExceededError', { at: 'commit' });
    await expect(store.rename(id, 'New name')).rejects.toThrow(FULL_MESSAGE);
    await expect(store.appendTurns(id, user('Another'))).rejects.toThrow(FULL_MESSAGE);
    vi.restoreAllMocks();
    expect(await store.get(id)).toEqual(before);
  });

  it('keeps the last saved text of a streaming answer when a save fails', async () => {
    const store = await openStore();
    const { id, reply } = await saved(store);
    await store.updateTurn(id, reply.id, { text: 'Saved so far' });
    failWrites('QuotaExceededError');
    await expect(store.updateTurn(id, reply.id, { text: 'Saved so far, and more' })).rejects.toBeInstanceOf(
      StorageError,
    );
    await expect(store.updateTurn(id, reply.id, { status: 'done' })).rejects.toBeInstanceOf(StorageError);
    vi.restoreAllMocks();
    expect((await store.get(id))?.turns[1]).toEqual({ ...reply, text: 'Saved so far' });
    // Once there is room again, saving works.
    await store.updateTurn(id, reply.id, { text: 'Whole', status: 'done' });
    expect((await store.get(id))?.turns[1]).toMatchObject({ text: 'Whole', status: 'done' });
  });

  it('keeps every turn when removing or truncating fails', async () => {
    const store = await openStore();
    const { id, before } = await saved(store);
    failWrites('UnknownError', { after: 1 });
    await expect(store.truncateFrom(id, before!.turns[0]!.id)).rejects.toBeInstanceOf(StorageError);
    failWrites('UnknownError');
    await expect(store.remove(id)).rejects.toBeInstanceOf(StorageError);
    vi.restoreAllMocks();
    expect(await store.get(id)).toEqual(before);
  });

  it('turns an UnknownError or an aborted transaction into a plain StorageError', async () => {
    const store = await openStore();
    const { id } = await saved(store);
    for (const name of ['UnknownError', 'AbortError']) {
      failWrites(name);
      await expect(store.create()).rejects.toMatchObject({
        name: 'StorageError',
        reason: 'failed',
        message:
          "Inkling could not save this conversation: the browser's storage refused the change. " +
          'Try again; nothing already saved was lost.',
      });
      vi.restoreAllMocks();
    }
    expect((await store.list()).map((item) => item.id)).toEqual([id]);
  });
});
