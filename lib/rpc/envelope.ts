import { errorMessage, InklingError, type ErrorEnvelope } from '../contracts/errors';

/**
 * The one place a failure becomes what crosses a port, and back. A failure that is no InklingError
 * came from an engine or its page: the user can only send again, or let the next engine take over.
 */
export function toErrorEnvelope(error: unknown): ErrorEnvelope {
  if (error instanceof InklingError) return { code: error.code, message: error.message };
  return { code: 'engine-failed', message: errorMessage(error) };
}

export function fromErrorEnvelope({ code, message }: ErrorEnvelope): InklingError {
  return new InklingError(code, message);
}
