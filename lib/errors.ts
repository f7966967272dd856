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
