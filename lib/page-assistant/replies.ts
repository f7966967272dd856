/** The background's reply to a runtime message from the page: `{ ok: true }`, or an error to show. */
export function isOkReply(reply: unknown): boolean {
  return typeof reply === 'object' && reply !== null && (reply as { ok?: unknown }).ok === true;
}

export function replyError(reply: unknown): string {
  const message = typeof reply === 'object' && reply !== null ? (reply as { error?: unknown }).error : undefined;
  return typeof message === 'string' && message.trim()
    ? message
    : 'Inkling did not answer. Reload the page and try again.';
}

/** An error as the user reads it: an InklingError's message is already plain. */
export function plainMessage(error: unknown): string {
  if (error instanceof Error && error.message) {
    // The extension was reloaded or updated under this page.
    if (/extension context invalidated|receiving end does not exist/i.test(error.message)) {
      return 'Inkling was updated or restarted. Reload this page and try again.';
    }
    return error.message;
  }
  return 'Something went wrong. Try again.';
}
