import { describe, expect, it } from 'vitest';
import { toReply } from './reply';

describe('the background’s reply to a content script', () => {
  it('is the reply itself when it is one', async () => {
    expect(await toReply(Promise.resolve({ ok: true, value: 3 }))).toEqual({ ok: true, value: 3 });
    expect(await toReply(Promise.resolve({ ok: false, error: 'Off here.' }))).toEqual({
      ok: false,
      error: 'Off here.',
    });
  });

  it('says plainly that nothing answered, or that Inkling was restarted under the page', async () => {
    expect(await toReply(Promise.resolve(undefined))).toEqual({
      ok: false,
      error: 'Inkling did not answer. Reload the page and try again.',
    });
    expect(await toReply(Promise.reject(new Error('Extension context invalidated.')))).toEqual({
      ok: false,
      error: 'Inkling was updated or restarted. Reload this page and try again.',
    });
  });
});
