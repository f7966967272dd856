/**
 * Firefox runs no Worker from a blob: URL in an extension page: its Manifest V3 CSP allows scripts
 * from the extension's own files only (https://bugzilla.mozilla.org/show_bug.cgi?id=1294996). wllama
 * starts llama.cpp's worker from a blob of code it carries as strings, with its run options written
 * in; the build writes that code as `wllama-worker.js` (scripts/wllama-worker-file.ts), and in
 * Firefox the CPU engine's worker starts that file instead and sends it the options first.
 */
export const WLLAMA_WORKER_FILE = 'wllama-worker.js';
export const RUN_OPTIONS_VERB = 'inkling.run-options';

const RUN_OPTIONS_LINE = /^const RUN_OPTIONS = (\{.*\});+$/;

/**
 * Makes `new Worker(blobUrl)` of wllama's worker code start the extension's file, with the same
 * options. Any other Worker is left as it was. `scope`: the CPU engine's worker global.
 */
export function startWllamaWorkersFromFile(
  scope: typeof globalThis,
  fileUrl: string,
  readText: (blob: Blob) => string = readSynchronously,
): void {
  const blobs = new Map<string, Blob>();
  const createObjectURL = scope.URL.createObjectURL.bind(scope.URL);
  scope.URL.createObjectURL = (object: Blob | MediaSource) => {
    const url = createObjectURL(object);
    if (object instanceof Blob && object.type === 'text/javascript') blobs.set(url, object);
    return url;
  };
  const BlobWorker = scope.Worker;
  scope.Worker = class extends BlobWorker {
    constructor(url: string | URL, options?: WorkerOptions) {
      const runOptions = wllamaRunOptions(blobs.get(String(url)), readText);
      blobs.delete(String(url));
      super(runOptions === undefined ? url : fileUrl, runOptions === undefined ? options : { type: 'module' });
      if (runOptions !== undefined) this.postMessage({ verb: RUN_OPTIONS_VERB, args: [runOptions] });
    }
  };
}

/** Workers' synchronous reader, which TypeScript's DOM library leaves out. */
declare const FileReaderSync: (new () => { readAsText(blob: Blob): string }) | undefined;

/** Read as the Worker is made, synchronously: workers have FileReaderSync. */
function readSynchronously(blob: Blob): string {
  return FileReaderSync ? new FileReaderSync().readAsText(blob) : '';
}

/** wllama's run options, when the blob is its worker's code. */
function wllamaRunOptions(blob: Blob | undefined, readText: (blob: Blob) => string): unknown {
  if (!blob) return undefined;
  const head = readText(blob.slice(0, 4096));
  const line = RUN_OPTIONS_LINE.exec(head.split('\n', 1)[0] ?? '');
  return line ? JSON.parse(line[1]!) : undefined;
}
