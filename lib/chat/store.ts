import type { CpuModel } from '../contracts/engine';
import type { Source } from '../contracts/source';
import type { Turn } from '../contracts/turns';
import type { AnswerPatch, Conversation, ConversationSummary, SearchHit } from './conversation';
import {
  setFirstQuestion,
  setPrompt,
  setTitle,
  pickPatch,
  toConversation,
  toSummary,
  withoutUndefined,
} from './conversation-record';
import {
  connection,
  inTransaction,
  positions,
  requireRecord,
  sourcesOf,
  turnKeys,
  turnsOf,
  type StoreName,
  type StoredConversation,
  type StoredTurn,
  type Tx,
} from './database';
import { firstTurnMatch, matchIn, searchPattern } from './search';
import { NEW_CONVERSATION_TITLE } from './titles';

export type { AnswerPatch, Conversation, ConversationSummary, SearchHit } from './conversation';
export { ConversationNotFoundError, StorageError } from './storage-errors';
export { NEW_CONVERSATION_TITLE } from './titles';

/**
 * Saved conversations, in the extension's IndexedDB, so they survive closing the panel and
 * restarting the browser. The background, the panel and the options page share one origin and so
 * one database.
 *
 * Layout: two object stores.
 * - `conversations`: one small record per conversation (title, system prompt, dates, a preview of
 *   the first question), indexed by `updatedAt`. The conversation list reads only these, never the
 *   answers, so it stays quick with hundreds of long conversations.
 * - `turns`: one record per turn, keyed by [conversationId, turnId], indexed by
 *   [conversationId, position] for their order and by `status` for answers left streaming.
 *   An answer is saved several times a second while it streams; with its own record each save
 *   writes a few kilobytes, where a conversation holding its turns would be cloned and rewritten
 *   whole each time, and would block the list meanwhile.
 * Search has to read every text either way (IndexedDB has no text index); it reads them
 * conversation by conversation, newest first, and skips the turns of one whose given title matches.
 * What the two stores share (title, preview, `updatedAt`) is written in the same transaction as
 * the turns, so they never disagree.
 */

/**
 * Methods that change a conversation throw ConversationNotFoundError when it is gone; every method
 * throws StorageError when the browser's storage fails, and a failed change saves nothing.
 */
export interface ConversationStore {
  /** Titled after its first question unless given a title. */
  /** `id` for a conversation whose id is handed out before it is stored; else a new one. */
  create(options?: { id?: string; systemPrompt?: string; title?: string; cpuModel?: CpuModel }): Promise<Conversation>;
  get(id: string): Promise<Conversation | undefined>;
  /** Newest first; reads no turns. */
  list(): Promise<ConversationSummary[]>;
  /** A blank title goes back to the one made from the first question. */
  rename(id: string, title: string): Promise<void>;
  remove(id: string): Promise<void>;
  /** Case-insensitive, literal, over given titles and every turn's text; newest first. */
  search(text: string): Promise<SearchHit[]>;
  /** A blank prompt removes it. */
  setSystemPrompt(id: string, prompt: string | undefined): Promise<void>;
  /** Undefined: the conversation answers with the settings' CPU model again. */
  setCpuModel(id: string, model: CpuModel | undefined): Promise<void>;
  appendTurns(id: string, ...turns: Turn[]): Promise<void>;
  /** Keeps the text of pages the conversation is about, once each (a source with the same id is replaced). */
  addSources(id: string, ...sources: Source[]): Promise<void>;
  /** The conversation's sources with their text, oldest first. */
  sourceTexts(id: string): Promise<Source[]>;
  /** For answers only. False when the answer is gone (deleted or cut off while it streamed). */
  updateTurn(id: string, turnId: string, patch: AnswerPatch): Promise<boolean>;
  /** Removes the turn and every later one. False when there is no such turn. */
  truncateFrom(id: string, turnId: string): Promise<boolean>;
  /** Answers left 'streaming' by a closed panel or a crash become 'stopped'; returns how many. */
  recoverInterrupted(): Promise<number>;
  /** Lets go of the connection; the store opens it again if used later. */
  close(): void;
}

export interface StoreOptions {
  now?: () => number;
  newId?: () => string;
}

export async function openConversationStore(name = 'inkling', options: StoreOptions = {}): Promise<ConversationStore> {
  const now = options.now ?? Date.now;
  const newId = options.newId ?? (() => crypto.randomUUID());
  const connect = connection(name);
  await connect.db();

  async function run<Mode extends IDBTransactionMode, T>(
    names: StoreName[],
    mode: Mode,
    body: (tx: Tx<Mode>) => Promise<T>,
    durability: IDBTransactionDurability = 'default',
  ): Promise<T> {
    return inTransaction(await connect.db(), names, mode, body, durability);
  }

  const write = (body: (tx: Tx<'readwrite'>) => Promise<void>) => run(['conversations', 'turns'], 'readwrite', body);

  // Every change the user makes moves the conversation to the top of the list.
  const change = (id: string, edit: (record: StoredConversation, tx: Tx<'readwrite'>) => Promise<void> | void) =>
    write(async (tx) => {
      const record = await requireRecord(tx, id);
      await edit(record, tx);
      await tx.objectStore('conversations').put({ ...record, updatedAt: now() });
    });

  return {
    async create({ id, systemPrompt, title, cpuModel } = {}) {
      const time = now();
      const record: StoredConversation = {
        id: id ?? newId(),
        title: NEW_CONVERSATION_TITLE,
        createdAt: time,
        updatedAt: time,
        preview: '',
        customTitle: false,
        ...(cpuModel && { cpuModel }),
      };
      setTitle(record, title);
      setPrompt(record, systemPrompt);
      await run(['conversations'], 'readwrite', async (tx) => void (await tx.objectStore('conversations').add(record)));
      return toConversation(record, []);
    },

    get: (id) =>
      run(['conversations', 'turns', 'sources'], 'readonly', async (tx) => {
        const record = await tx.objectStore('conversations').get(id);
        if (!record) return undefined;
        const sources = (await sourcesOf(tx, id)).map(({ text: _text, ...info }) => info);
        return toConversation(record, await turnsOf(tx, id), sources);
      }),

    list: () =>
      run(['conversations'], 'readonly', async (tx) => {
        const records = await tx.objectStore('conversations').index('updatedAt').getAll();
        return records.reverse().map(toSummary);
      }),

    rename: (id, title) => change(id, (record) => setTitle(record, title)),

    remove: (id) =>
      run(['conversations', 'turns', 'sources'], 'readwrite', async (tx) => {
        await tx.objectStore('conversations').delete(id);
        await tx.objectStore('turns').delete(turnKeys(id));
        await tx.objectStore('sources').delete(turnKeys(id));
      }),

    search(text) {
      const pattern = searchPattern(text);
      if (!pattern) return Promise.resolve([]);
      return run(['conversations', 'turns'], 'readonly', async (tx) => {
        const records = (await tx.objectStore('conversations').index('updatedAt').getAll()).reverse();
        const hits: SearchHit[] = [];
        for (const record of records) {
          // A derived title is the first question: its match is shown in the question, with its turn.
          const titleHit = record.customTitle ? matchIn(record.title, pattern) : undefined;
          const hit = titleHit ?? firstTurnMatch(await turnsOf(tx, record.id), pattern);
          if (hit) hits.push({ ...toSummary(record), ...hit });
        }
        return hits;
      });
    },

    setSystemPrompt: (id, prompt) => change(id, (record) => setPrompt(record, prompt)),

    setCpuModel: (id, model) =>
      change(id, (record) => {
        if (model) record.cpuModel = model;
        else delete record.cpuModel;
      }),

    async appendTurns(id, ...turns) {
      if (turns.length === 0) return;
      await change(id, async (record, tx) => {
        const store = tx.objectStore('turns');
        const last = await store.index('order').openCursor(positions(id), 'prev');
        let position = last ? last.value.position + 1 : 0;
        // `add`, not `put`: a turn id used twice is a bug, and must not move the earlier turn.
        for (const turn of turns) await store.add({ ...turn, conversationId: id, position: position++ });
        const question = record.firstQuestionId === undefined ? turns.find((turn) => turn.role === 'user') : undefined;
        if (question) setFirstQuestion(record, question);
      });
    },

    addSources: (id, ...sources) =>
      run(['conversations', 'sources'], 'readwrite', async (tx) => {
        await requireRecord(tx, id);
        for (const source of sources) await tx.objectStore('sources').put({ ...source, conversationId: id });
      }),

    sourceTexts: (id) => run(['sources'], 'readonly', (tx) => sourcesOf(tx, id)),

    async updateTurn(id, turnId, patch) {
      // Setting a status finishes (or restarts) an answer: a change the list should order by. Text
      // alone is a streaming save, made several times a second: one record in one store, and
      // 'relaxed' because the last of them is the one that must reach the disk.
      const finishing = patch.status !== undefined;
      const names: StoreName[] = finishing ? ['conversations', 'turns'] : ['turns'];
      return run(
        names,
        'readwrite',
        async (tx) => {
          const turn = await tx.objectStore('turns').get([id, turnId]);
          // Gone: deleted or cut off while it streamed. The panel carries on; nothing to save.
          if (!turn) return false;
          if (turn.role !== 'assistant') {
            throw new Error(
              'Only an answer can be updated; to edit a question, truncate from it and append the new one.',
            );
          }
          await tx.objectStore('turns').put(withoutUndefined({ ...turn, ...pickPatch(patch) }));
          if (finishing) {
            const record = await tx.objectStore('conversations').get(id);
            if (record) await tx.objectStore('conversations').put({ ...record, updatedAt: now() });
          }
          return true;
        },
        finishing ? 'default' : 'relaxed',
      );
    },

    truncateFrom: (id, turnId) =>
      run(['conversations', 'turns'], 'readwrite', async (tx) => {
        const record = await requireRecord(tx, id);
        const store = tx.objectStore('turns');
        const turn = await store.get([id, turnId]);
        if (!turn) return false;
        const doomed = await store.index('order').getAllKeys(IDBKeyRange.bound([id, turn.position], [id, Infinity]));
        for (const key of doomed) await store.delete(key);
        // The first question is older than any other turn, so if it went, no question is left.
        if (doomed.some(([, doomedId]) => doomedId === record.firstQuestionId)) setFirstQuestion(record, undefined);
        await tx.objectStore('conversations').put({ ...record, updatedAt: now() });
        return true;
      }),

    recoverInterrupted: () =>
      run(['turns'], 'readwrite', async (tx) => {
        const store = tx.objectStore('turns');
        const interrupted = await store.index('status').getAll('streaming');
        for (const turn of interrupted) await store.put({ ...turn, status: 'stopped' } as StoredTurn);
        return interrupted.length;
      }),

    close: () => connect.close(),
  };
}
