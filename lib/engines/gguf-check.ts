import { InklingError } from '../contracts/errors';
import { formatBytes } from '../ui/format-bytes';
import { readGgufHeader, type GgufHeader } from './gguf-header';

/** The most a GGUF header may take before its tensors' data (a large vocabulary takes a few MB). */
const MAX_HEADER_BYTES = 256 * 1024 * 1024;

export interface GgufCheck {
  stream: TransformStream<Uint8Array, Uint8Array>;
  /** What the check found wrong, if it did: the stream's error may reach its reader as another one. */
  failure(): InklingError | undefined;
  loadedBytes(): number;
}

/**
 * Passes a model file through unchanged, and errors it unless it is a whole GGUF file: its header
 * reads as GGUF, and it is as long as that header declares and as long as the server said; a first
 * (or only) file also names as many parts as the address has (`parts`).
 */
export function checkGguf(
  url: string,
  totalBytes: number | undefined,
  { parts }: { parts?: number | undefined } = {},
): GgufCheck {
  const host = new URL(url).host;
  const notGguf = (why: string) =>
    new InklingError(
      'engine-failed',
      `The file at ${url} is not a GGUF model. ${why[0]!.toUpperCase()}${why.slice(1)}. ` +
        'Give the address of a .gguf file.',
    );
  const endedEarly = (loaded: number, expected: number) =>
    new InklingError(
      'engine-failed',
      `The download from ${host} ended early: ${formatBytes(loaded)} of ${formatBytes(expected)}. Try again.`,
    );
  // llama.cpp's split models say in their first part how many parts there are.
  const wrongParts = (count: number) =>
    new InklingError(
      'engine-failed',
      count > 1
        ? `The file at ${url} is one of ${count} parts of a model: give the address of its first part, ` +
            `ending -00001-of-${String(count).padStart(5, '0')}.gguf.`
        : `The file at ${url} is a whole model, not the first of ${parts} parts. Check the address.`,
    );
  let loaded = 0;
  let header: GgufHeader = { state: 'incomplete' };
  let head: Uint8Array[] = [];
  let headBytes = 0;
  let nextTry = 4;
  let failure: InklingError | undefined;
  const fail = (controller: TransformStreamDefaultController, error: InklingError) => {
    failure = error;
    controller.error(error);
  };
  const readHead = (): GgufHeader => {
    const read = readGgufHeader(concat(head, headBytes));
    if (read.state !== 'incomplete') head = [];
    return read;
  };
  const stream = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      loaded += chunk.byteLength;
      if (header.state === 'incomplete') {
        head.push(chunk);
        headBytes += chunk.byteLength;
        // Read again only once the bytes doubled: a long header is not parsed once per chunk.
        if (headBytes >= nextTry) {
          nextTry = headBytes * 2;
          header = readHead();
        }
        if (header.state === 'invalid') return fail(controller, notGguf(header.reason));
        if (header.state === 'valid' && parts !== undefined && header.splitCount !== parts) {
          return fail(controller, wrongParts(header.splitCount));
        }
        if (header.state === 'incomplete' && headBytes > MAX_HEADER_BYTES) {
          return fail(controller, notGguf('its header never ends'));
        }
      }
      controller.enqueue(chunk);
    },
    flush(controller) {
      if (header.state === 'incomplete') header = readHead();
      if (header.state === 'invalid') return fail(controller, notGguf(header.reason));
      if (header.state === 'incomplete') return fail(controller, notGguf('it ends inside its header'));
      if (parts !== undefined && header.splitCount !== parts) return fail(controller, wrongParts(header.splitCount));
      if (totalBytes !== undefined && loaded !== totalBytes) return fail(controller, endedEarly(loaded, totalBytes));
      if (loaded < header.declaredBytes) fail(controller, endedEarly(loaded, header.declaredBytes));
    },
  });
  return { stream, failure: () => failure, loadedBytes: () => loaded };
}

function concat(chunks: Uint8Array[], length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}
