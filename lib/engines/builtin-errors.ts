import { InklingError } from '../contracts/errors';

/**
 * The Prompt API reports failures as DOMExceptions named in its spec
 * (https://webmachinelearning.github.io/prompt-api/). Each becomes a message a user can act on.
 */
export function builtinError(error: unknown): InklingError {
  if (error instanceof InklingError) return error;
  const name = error instanceof Error ? error.name : '';
  const detail = error instanceof Error && error.message ? ` (${error.message})` : '';
  switch (name) {
    case 'NotSupportedError':
      return new InklingError(
        'unsupported-options',
        `Gemini Nano cannot handle this request: the language or an option is not supported${detail}.`,
      );
    case 'QuotaExceededError':
      return new InklingError(
        'input-too-large',
        'This is too long for Gemini Nano’s context window. Shorten the text or start a new chat.',
      );
    case 'NotAllowedError':
      return new InklingError(
        'not-allowed',
        'Chrome did not allow the built-in model to run here. ' +
          'It may be turned off by policy or need a click on the page first.',
      );
    case 'NotReadableError':
      return new InklingError(
        'output-filtered',
        'Chrome withheld Gemini Nano’s answer (its safety filter). Try rephrasing your message.',
      );
    case 'InvalidStateError':
      return new InklingError(
        'engine-failed',
        `Gemini Nano’s session ended unexpectedly${detail}. Send again to start a new one.`,
      );
    default:
      return new InklingError(
        'engine-failed',
        `Gemini Nano failed${detail || ' for an unknown reason'}. Try again; if it keeps failing, restart Chrome.`,
      );
  }
}
