import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import type { Source } from '../contracts/source';
import type { AssistantTurn, Turn } from '../contracts/turns';
import type { Conversation } from './conversation';
import { ConversationNotFoundError, toStorageError } from './storage-errors';

/**
 * The IndexedDB layout behind the conversation store (see store.ts for why it has two object
 * stores), its upgrades, its connection and its transactions.
 */

export type StoredConversation = Omit<Conversation, 'turns' | 'sources'> & {
  preview: string;
  /** False while the title is derived from the first question, and follows it when that changes. */
  customTitle: boolean;
  firstQuestionId?: string;
};

export type StoredTurn = Turn & { conversationId: string; position: number };

/** A source's text is stored once per conversation; its turns name it by id. */
export type StoredSource = Source & { conversationId: string };

interface InklingDB extends DBSchema {
  conversations: { key: string; value: StoredConversation; indexes: { updatedAt: number } };
  turns: {
    key: [string, string];
    value: StoredTurn;
    indexes: { order: [string, number]; status: AssistantTurn['status'] };
  };
  sources: { key: [string, string]; value: StoredSource };
}

export type StoreName = StoreNames<InklingDB>;
type Db = IDBPDatabase<InklingDB>;
export type Tx<Mode extends IDBTransactionMode> = IDBPTransaction<InklingDB, StoreName[], Mode>;

const SCHEMA_VERSION = 2;

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
  if (oldVersion < 2) db.createObjectStore('sources', { keyPath: ['conversationId', 'id'] });
}

/**
 * One connection, opened again when needed after the browser closed it or another page asked for
 * a newer schema (an update of the extension): a panel may stay open for days.
 */
export function connection(name: string) {
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
      void closing?.then(
        (db) => db.close(),
        () => undefined,
      );
    },
  };
}

/**
 * Runs `body` in one transaction: everything it writes is saved, or nothing is. On any failure the
 * transaction is aborted, so what was stored before stays as it was.
 */
export async function inTransaction<Mode extends IDBTransactionMode, T>(
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

export async function requireRecord<Mode extends IDBTransactionMode>(
  tx: Tx<Mode>,
  id: string,
): Promise<StoredConversation> {
  const record = await tx.objectStore('conversations').get(id);
  if (!record) throw new ConversationNotFoundError(id);
  return record;
}

export const turnKeys = (id: string) => IDBKeyRange.bound([id], [id, []]);
export const positions = (id: string) => IDBKeyRange.bound([id, -Infinity], [id, Infinity]);

export async function turnsOf<Mode extends IDBTransactionMode>(tx: Tx<Mode>, id: string): Promise<Turn[]> {
  return (await tx.objectStore('turns').index('order').getAll(positions(id))).map(toTurn);
}

export async function sourcesOf<Mode extends IDBTransactionMode>(tx: Tx<Mode>, id: string): Promise<Source[]> {
  const stored = await tx.objectStore('sources').getAll(turnKeys(id));
  return stored.map(({ conversationId: _conversation, ...source }) => source).sort((a, b) => a.readAt - b.readAt);
}

function toTurn(stored: StoredTurn): Turn {
  const { conversationId: _conversation, position: _position, ...turn } = stored;
  return turn as Turn;
}
