import { describe, expect, it } from 'vitest';
import { toStorageError } from './storage-errors';

const FULL_MESSAGE =
  "Inkling could not save this conversation: the browser's storage for extensions is full. " +
  'Delete old conversations or free disk space; nothing already saved was lost.';

describe('toStorageError', () => {
  it('names a full disk, and a failed read as a read', () => {
    const full = toStorageError(new DOMException('x', 'QuotaExceededError'), false);
    expect(full).toMatchObject({ reason: 'full', message: FULL_MESSAGE });
    expect(toStorageError(new DOMException('x', 'UnknownError'), false)).toMatchObject({
      reason: 'failed',
      message: expect.stringMatching(/^Inkling could not read its saved conversations/),
    });
  });

  it('leaves other errors as they are: they are bugs, not storage trouble', () => {
    const dataError = new DOMException('bad key', 'DataError');
    const typeError = new TypeError('x');
    expect(toStorageError(dataError, true)).toBe(dataError);
    expect(toStorageError(typeError, true)).toBe(typeError);
  });
});
