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
  "Inkling could not save this conversation: the browser's storage for extensions is full. " +
  'Delete old conversations or free disk space; nothing already saved was lost.';
const WRITE_FAILED_MESSAGE =
  "Inkling could not save this conversation: the browser's storage refused the change. " +
  'Try again; nothing already saved was lost.';
const READ_FAILED_MESSAGE =
  "Inkling could not read its saved conversations: the browser's storage failed. " +
  'Close and reopen the panel, or restart the browser, to try again.';

// Failures of the storage itself. Others (a bad key, an uncloneable value) are bugs in Inkling and
// keep their own error, so they are not mistaken for a full disk.
const STORAGE_FAILURES = new Set([
  'AbortError',
  'UnknownError',
  'InvalidStateError',
  'VersionError',
  'NotReadableError',
]);

export function toStorageError(error: unknown, writing: boolean): unknown {
  if (!(error instanceof DOMException)) return error;
  if (error.name === 'QuotaExceededError') return new StorageError('full', FULL_MESSAGE, { cause: error });
  if (!STORAGE_FAILURES.has(error.name)) return error;
  return new StorageError('failed', writing ? WRITE_FAILED_MESSAGE : READ_FAILED_MESSAGE, { cause: error });
}
