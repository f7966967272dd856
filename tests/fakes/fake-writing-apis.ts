/**
 * Fakes of Chrome's Proofreader, Rewriter and Writer APIs following @types/dom-chromium-ai 0.0.17,
 * the Writing Assistance APIs explainer and the proofreader-api explainer: availability() states,
 * create() that rejects when unavailable and honours `signal`, proofread() with corrections as
 * [startIndex, endIndex) of the input with types and explanations, rewrite()/write() that honour
 * tone and length and reject with an AbortError on abort, and destroy(). Self-contained, for
 * bundling into the service worker. Absent APIs stay absent, as in this Chromium.
 */
export interface FakeWritingConfig {
  proofreader?: Availability;
  rewriter?: Availability;
  writer?: Availability;
  /** How long each call takes, to test Stop. */
  delayMs?: number;
}

export interface FakeWritingLog {
  proofread: string[];
  rewritten: { text: string; tone?: string; length?: string }[];
  written: { instruction: string; context?: string }[];
  aborts: number;
}

/** The fake's knowledge of English: the mistakes it finds, what it makes of them, and why. */
export const FAKE_FIXES: Record<string, { correction: string; types: CorrectionType[]; explanation: string }> = {
  Their: { correction: 'There', types: ['grammar'], explanation: '“There is” introduces something.' },
  teh: { correction: 'the', types: ['spelling'], explanation: 'Misspelled word.' },
  sleep: { correction: 'sleeps', types: ['grammar'], explanation: 'The verb agrees with “it”.' },
};

export function installFakeWritingApis(config: FakeWritingConfig = {}) {
  const log: FakeWritingLog = { proofread: [], rewritten: [], written: [], aborts: 0 };
  const wait = (signal?: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
      signal?.throwIfAborted();
      const timer = setTimeout(resolve, config.delayMs ?? 0);
      signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        log.aborts++;
        reject(new DOMException('The operation was aborted.', 'AbortError'));
      });
    });
  const creator = <T extends object>(availability: Availability | undefined, make: () => T) => ({
    availability: async () => availability ?? 'unavailable',
    async create(options: { signal?: AbortSignal } = {}) {
      if (availability === 'unavailable') throw new DOMException('Not available.', 'NotSupportedError');
      options.signal?.throwIfAborted();
      return Object.assign(make(), { options });
    },
  });

  const apis: Record<string, unknown> = {};
  if (config.proofreader) {
    apis.Proofreader = creator(config.proofreader, () => ({
      async proofread(input: string, { signal }: ProofreaderProofreadOptions = {}): Promise<ProofreadResult> {
        await wait(signal);
        log.proofread.push(input);
        const corrections: ProofreadCorrection[] = [];
        for (const match of input.matchAll(/\p{L}+/gu)) {
          const fix = FAKE_FIXES[match[0]];
          if (fix) corrections.push({ startIndex: match.index, endIndex: match.index + match[0].length, ...fix });
        }
        const correctedInput = input.replace(/\p{L}+/gu, (word) => FAKE_FIXES[word]?.correction ?? word);
        return { correctedInput, corrections };
      },
      destroy() {},
    }));
  }
  if (config.rewriter) {
    apis.Rewriter = creator(config.rewriter, () => ({
      async rewrite(this: { options: RewriterCreateOptions }, input: string, { signal }: RewriterRewriteOptions = {}) {
        await wait(signal);
        const { tone, length } = this.options;
        log.rewritten.push({ text: input, tone, length });
        const formal =
          tone === 'more-formal' ? `Dear reader, ${input.charAt(0).toLowerCase()}${input.slice(1)}` : input;
        return length === 'shorter' ? formal.split(/(?<=\.)\s/)[0]! : formal;
      },
      destroy() {},
    }));
  }
  if (config.writer) {
    apis.Writer = creator(config.writer, () => ({
      async write(instruction: string, { signal, context }: WriterWriteOptions = {}) {
        await wait(signal);
        log.written.push({ instruction, ...(context && { context }) });
        return `Written for you: ${instruction}.`;
      },
      destroy() {},
    }));
  }
  // Absent unless configured, as in this Chromium; an earlier install's go.
  for (const name of ['Proofreader', 'Rewriter', 'Writer']) delete (globalThis as Record<string, unknown>)[name];
  Object.assign(globalThis, apis);
  return { log };
}
