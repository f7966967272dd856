import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import type { AssistantTurn, Turn } from '../contracts/turns';

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

export interface Conversation {
  id: string;
  title: string;
  systemPrompt?: string;
  /** Milliseconds since the epoch. */
  createdAt: number;
  /** When the user last changed it: a question, an answer finished, a rename. */
  updatedAt: number;
  turns: Turn[];
}

export interface ConversationSummary extends Omit<Conversation, 'turns'> {
  /** The first question, shortened; empty before there is one. */
  preview: string;
}

export interface SearchHit extends ConversationSummary {
  /** Text around the first match, on one line, with '…' where it was cut. */
  snippet: string;
  /** Where the match is in `snippet`, as [start, end). */
  highlight: [number, number];
  /** The turn that matched; absent when the title did. */
  turnId?: string;
}

/** What may change in an answer while and after it streams. */
export type AnswerPatch = Partial<Pick<AssistantTurn, 'text' | 'status' | 'result' | 'error'>>;

/**
 * Methods that change a conversation throw ConversationNotFoundError when it is gone; every method
 * throws StorageError when the browser's storage fails, and a failed change saves nothing.
 */
export interface ConversationStore {
  /** Titled after its first question unless given a title. */
  create(options?: { systemPrompt?: string; title?: string }): Promise<Conversation>;
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
  appendTurns(id: string, ...turns: Turn[]): Promise<void>;
  /** For answers only. False when the answer is gone (deleted or cut off while it streamed). */
  updateTurn(id: string, turnId: string, patch: AnswerPatch): Promise<boolean>;
  /** Removes the turn and every later one. False when there is no such turn. */
  truncateFrom(id: string, turnId: string): Promise<boolean>;
  /** Answers left 'streaming' by a closed panel or a crash become 'stopped'; returns how many. */
  recoverInterrupted(): Promise<number>;
  /** Lets go of the connection; the store opens it again if used later. */
  close(): void;
}

export const NEW_CONVERSATION_TITLE = 'New conversation';
const TITLE_CHARS = 60;
const CUSTOM_TITLE_CHARS = 200;
const PREVIEW_CHARS = 200;
const SNIPPET_CONTEXT_CHARS = 40;

/** A save or read the browser's storage refused, in words a user can act on. */
export class StorageError extends Error {
  override name = 'StorageError';

  constructor(
    readonly reason: 'full' | 'failed',
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export class ConversationNotFoundError extends Error {
  override name = 'ConversationNotFoundError';

  constructor(readonly conversationId: string) {
    super('This conversation no longer exists: it was deleted, perhaps in another window.');
  }
}

const FULL_MESSAGE =
  "Inkling could not save this conversation: the browser's storage for extensions is full. Delete old conversations or free disk space; nothing already saved was lost.";
const WRITE_FAILED_MESSAGE =
  "Inkling could not save this conversation: the browser's storage refused the change. Try again; nothing already saved was lost.";
const READ_FAILED_MESSAGE =
  "Inkling could not read its saved conversations: the browser's storage failed. Close and reopen the panel, or restart the browser, to try again.";

// Failures of the storage itself. Others (a bad key, an uncloneable value) are bugs in Inkling and
// keep their own error, so they are not mistaken for a full disk.
const STORAGE_FAILURES = new Set(['AbortError', 'UnknownError', 'InvalidStateError', 'VersionError', 'NotReadableError']);

export function toStorageError(error: unknown, writing: boolean): unknown {
  if (!(error instanceof DOMException)) return error;
  if (error.name === 'QuotaExceededError') return new StorageError('full', FULL_MESSAGE, { cause: error });
  if (!STORAGE_FAILURES.has(error.name)) return error;
  return new StorageError('failed', writing ? WRITE_FAILED_MESSAGE : READ_FAILED_MESSAGE, { cause: error });
}

type StoredConversation = Omit<Conversation, 'turns'> & {
  preview: string;
  /** False while the title is derived from the first question, and follows it when that changes. */
  customTitle: boolean;
  firstQuestionId?: string;
};

type StoredTurn = Turn & { conversationId: string; position: number };

interface InklingDB extends DBSchema {
  conversations: { key: string; value: StoredConversation; indexes: { updatedAt: number } };
  turns: {
    key: [string, string];
    value: StoredTurn;
    indexes: { order: [string, number]; status: AssistantTurn['status'] };
  };
}

type StoreName = StoreNames<InklingDB>;
type Db = IDBPDatabase<InklingDB>;

const SCHEMA_VERSION = 1;

/**
 * Each step brings a database of the version before it to the next, so a browser that skipped
 * releases runs every step in order. Add `if (oldVersion < 2) { … }` below; never edit a step.
 */
function upgrade(db: Db, oldVersion: number): void {
  if (oldVersion < 1) {
    db.createObjectStore('conversations', { keyPath: 'id' }).createIndex('updatedAt', 'updatedAt');
    const turns = db.createObjectStore('turns', { keyPath: ['conversationId', 'id'] });
    turns.createIndex('order', ['conversationId', 'position'], { unique: true });
    // User turns have no status and so stay out of this index: it lists answers only.
    turns.createIndex('status', 'status');
  }
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
    async create({ systemPrompt, title } = {}) {
      const time = now();
      const record: StoredConversation = {
        id: newId(),
        title: NEW_CONVERSATION_TITLE,
        createdAt: time,
        updatedAt: time,
        preview: '',
        customTitle: false,
      };
      setTitle(record, title);
      setPrompt(record, systemPrompt);
      await run(['conversations'], 'readwrite', async (tx) => void (await tx.objectStore('conversations').add(record)));
      return toConversation(record, []);
    },

    get: (id) =>
      run(['conversations', 'turns'], 'readonly', async (tx) => {
        const record = await tx.objectStore('conversations').get(id);
        return record && toConversation(record, await turnsOf(tx, id));
      }),

    list: () =>
      run(['conversations'], 'readonly', async (tx) => {
        const records = await tx.objectStore('conversations').index('updatedAt').getAll();
        return records.reverse().map(toSummary);
      }),

    rename: (id, title) => change(id, (record) => setTitle(record, title)),

    remove: (id) =>
      write(async (tx) => {
        await tx.objectStore('conversations').delete(id);
        await tx.objectStore('turns').delete(turnKeys(id));
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
            throw new Error('Only an answer can be updated; to edit a question, truncate from it and append the new one.');
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

type Tx<Mode extends IDBTransactionMode> = IDBPTransaction<InklingDB, StoreName[], Mode>;

/**
 * One connection, opened again when needed after the browser closed it or another page asked for
 * a newer schema (an update of the extension): a panel may stay open for days.
 */
function connection(name: string) {
  let opening: Promise<Db> | undefined;
  const forget = () => {
    opening = undefined;
  };
  async function open(): Promise<Db> {
    try {
      return await openDB<InklingDB>(name, SCHEMA_VERSION, {
        upgrade,
        blocking(_current, _next, event) {
          (event.target as IDBDatabase).close();
          forget();
        },
        terminated: forget,
      });
    } catch (error) {
      forget();
      throw toStorageError(error, false);
    }
  }
  return {
    db: () => (opening ??= open()),
    close() {
      const closing = opening;
      forget();
      void closing?.then((db) => db.close(), () => undefined);
    },
  };
}

/**
 * Runs `body` in one transaction: everything it writes is saved, or nothing is. On any failure the
 * transaction is aborted, so what was stored before stays as it was.
 */
async function inTransaction<Mode extends IDBTransactionMode, T>(
  db: Db,
  names: StoreName[],
  mode: Mode,
  body: (tx: Tx<Mode>) => Promise<T>,
  durability: IDBTransactionDurability,
): Promise<T> {
  const tx: Tx<Mode> = db.transaction(names, mode, { durability });
  const done = tx.done;
  try {
    const value = await body(tx);
    await done;
    return value;
  } catch (error) {
    try {
      tx.abort();
    } catch {
      // Already aborted by the browser, or finished.
    }
    await done.catch(() => undefined);
    // The transaction's own error is the cause; a request's AbortError is only its consequence.
    throw toStorageError(tx.error ?? error, mode === 'readwrite');
  }
}

async function requireRecord<Mode extends IDBTransactionMode>(tx: Tx<Mode>, id: string): Promise<StoredConversation> {
  const record = await tx.objectStore('conversations').get(id);
  if (!record) throw new ConversationNotFoundError(id);
  return record;
}

const turnKeys = (id: string) => IDBKeyRange.bound([id], [id, []]);
const positions = (id: string) => IDBKeyRange.bound([id, -Infinity], [id, Infinity]);

async function turnsOf<Mode extends IDBTransactionMode>(tx: Tx<Mode>, id: string): Promise<Turn[]> {
  return (await tx.objectStore('turns').index('order').getAll(positions(id))).map(toTurn);
}

function toTurn(stored: StoredTurn): Turn {
  const { conversationId: _conversation, position: _position, ...turn } = stored;
  return turn as Turn;
}

function toSummary(record: StoredConversation): ConversationSummary {
  const { customTitle: _custom, firstQuestionId: _first, ...summary } = record;
  return summary;
}

function toConversation(record: StoredConversation, turns: Turn[]): Conversation {
  const { preview: _preview, ...summary } = toSummary(record);
  return { ...summary, turns };
}

/** A blank title hands the title back to the first question. */
function setTitle(record: StoredConversation, title: string | undefined): void {
  const clean = clip(title ?? '', CUSTOM_TITLE_CHARS);
  record.customTitle = clean !== '';
  record.title = clean || defaultTitle(record.preview);
}

function setPrompt(record: StoredConversation, prompt: string | undefined): void {
  if (prompt?.trim()) record.systemPrompt = prompt;
  else delete record.systemPrompt;
}

function setFirstQuestion(record: StoredConversation, question: Turn | undefined): void {
  record.firstQuestionId = question?.id;
  record.preview = clip(question?.text ?? '', PREVIEW_CHARS);
  if (!record.customTitle) record.title = defaultTitle(question?.text ?? '');
}

export function defaultTitle(firstQuestion: string): string {
  return clip(firstQuestion, TITLE_CHARS) || NEW_CONVERSATION_TITLE;
}

/** One line, cut at a word when one ends late enough, so a title does not stop mid-word. */
function clip(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  if (line.length <= max) return line;
  let cut = line.slice(0, isHighSurrogate(line, max - 1) ? max - 1 : max);
  const space = cut.lastIndexOf(' ');
  if (space > max / 2) cut = cut.slice(0, space);
  return `${cut.trimEnd()}…`;
}

const isHighSurrogate = (text: string, index: number) => /[\uD800-\uDBFF]/.test(text.charAt(index));

const ANSWER_FIELDS = ['text', 'status', 'result', 'error'] as const;

// Only an answer's own fields: a patch spread from a whole turn must not change its id or role.
function pickPatch(patch: AnswerPatch): AnswerPatch {
  return Object.fromEntries(ANSWER_FIELDS.filter((key) => key in patch).map((key) => [key, patch[key]]));
}

// A field set to undefined (an error cleared on retry) is removed, not stored as undefined.
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}

// A regular expression rather than lower-casing both sides: lower-casing can change a string's
// length ('İ' becomes two characters), which would put the snippet in the wrong place.
function searchPattern(text: string): RegExp | undefined {
  const query = text.trim();
  return query ? new RegExp(query.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'iu') : undefined;
}

function firstTurnMatch(turns: Turn[], pattern: RegExp): Omit<SearchHit, keyof ConversationSummary> | undefined {
  for (const turn of turns) {
    const hit = matchIn(turn.text, pattern);
    if (hit) return { ...hit, turnId: turn.id };
  }
  return undefined;
}

function matchIn(text: string, pattern: RegExp): Pick<SearchHit, 'snippet' | 'highlight'> | undefined {
  const match = pattern.exec(text);
  return match ? snippetAround(text, match.index, match.index + match[0].length) : undefined;
}

/** The match with some words either side, on one line. */
export function snippetAround(text: string, start: number, end: number): Pick<SearchHit, 'snippet' | 'highlight'> {
  let from = Math.max(0, start - SNIPPET_CONTEXT_CHARS);
  let to = Math.min(text.length, end + SNIPPET_CONTEXT_CHARS);
  // Start and end at a word boundary when there is one within the context.
  const space = from > 0 ? text.slice(from, start).search(/\s/) : -1;
  if (space >= 0) from += space + 1;
  else if (/[\uDC00-\uDFFF]/.test(text.charAt(from))) from += 1;
  const lastSpace = to < text.length ? text.slice(end, to).search(/\s\S*$/) : -1;
  if (lastSpace >= 0) to = end + lastSpace;
  else if (isHighSurrogate(text, to - 1)) to -= 1;
  const line = (part: string) => part.replace(/\s+/g, ' ');
  const before = (from > 0 ? '…' : '') + line(text.slice(from, start)).trimStart();
  const match = line(text.slice(start, end));
  const after = line(text.slice(end, to)).trimEnd() + (to < text.length ? '…' : '');
  return { snippet: before + match + after, highlight: [before.length, before.length + match.length] };
}
