import type { Reply } from '../contracts/page';

const RESTARTED = 'Inkling was updated or restarted. Reload this page and try again.';

/**
 * The background's answer to a content script's message as a Reply, whatever came back: nothing
 * (no listener took it), something else, or a failure to reach the background at all.
 */
export function toReply(answer: Promise<unknown>): Promise<Reply<unknown>> {
  return answer.then(
    (reply) =>
      typeof reply === 'object' && reply !== null && typeof (reply as Reply<unknown>).ok === 'boolean'
        ? (reply as Reply<unknown>)
        : { ok: false, error: 'Inkling did not answer. Reload the page and try again.' },
    () => ({ ok: false, error: RESTARTED }),
  );
}
