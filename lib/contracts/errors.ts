import * as v from 'valibot';

/** Every failure a surface can show, with a code to branch on and a message a user understands. */
export const ERROR_CODES = [
  'bad-request',
  'no-engine',
  'needs-download',
  'input-too-large',
  'unsupported-options',
  'not-allowed',
  'output-filtered',
  'engine-failed',
  'disconnected',
  'storage-failed',
  'not-found',
  'page-unreadable',
  /** A server that asks to be tried again later (429, 503). */
  'busy',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export class InklingError extends Error {
  override name = 'InklingError';

  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

/** How every failure crosses a port: a code to branch on and a message to show. */
export const ErrorEnvelopeSchema = v.object({ code: v.picklist(ERROR_CODES), message: v.string() });
export type ErrorEnvelope = v.InferOutput<typeof ErrorEnvelopeSchema>;

/** The words of any thrown value, for a message a user reads. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
