import { InklingError } from '../contracts/errors';
import type { WritingRequest, WritingResult } from '../contracts/writing';
import { correctionsBetween } from './corrections';

type Api<T extends { availability: unknown; create: unknown }> = Pick<T, 'availability' | 'create'>;

export interface WritingToolsDeps {
  /** Chrome's writing APIs, where the browser has them (Proofreader, Rewriter and Writer are in trials). */
  proofreaderApi(): Api<typeof Proofreader> | undefined;
  rewriterApi(): Api<typeof Rewriter> | undefined;
  writerApi(): Api<typeof Writer> | undefined;
  /** A prompt answered whole by the engine in use, and who answered. */
  complete(prompt: string, signal: AbortSignal): Promise<{ text: string; engineLabel: string }>;
  /** The user's language, for the APIs' expected languages. */
  language(): string;
}

export const API_LABELS = {
  proofread: 'Chrome’s Proofreader',
  rewrite: 'Chrome’s Rewriter',
  write: 'Chrome’s Writer',
} as const;

const TONES = { 'as-is': '', 'more-formal': ' in a more formal tone', 'more-casual': ' in a more casual tone' };
const LENGTHS = { 'as-is': '', shorter: ', shorter', longer: ', longer' };

/** The engine's prompt for a tool: what Chrome's API would do, in words a small model follows. */
export function writingPrompt({ tool, text, instruction, tone = 'as-is', length = 'as-is' }: WritingRequest): string {
  if (tool === 'proofread') {
    return (
      'Correct the spelling, grammar and punctuation of the text below. Change nothing else: keep its words, ' +
      `meaning, tone and line breaks. Answer with the corrected text only.\n\n${text}`
    );
  }
  if (tool === 'rewrite') {
    return (
      `Rewrite the text below${TONES[tone]}${LENGTHS[length]}. Keep its meaning and its language. ` +
      `Answer with the rewritten text only.\n\n${text}`
    );
  }
  const context = text.trim() ? `\n\nIt goes into a text that so far reads:\n${text}` : '';
  return `Write this: ${instruction ?? ''}\nAnswer with the text only, ready to paste.${context}`;
}

/** An engine's answer without the wrapping small models add: quotes or a code fence around it all. */
export function cleanAnswer(answer: string): string {
  const trimmed = answer.trim();
  const fenced = /^```[\w-]*\n([\s\S]*?)\n```$/.exec(trimmed);
  if (fenced) return fenced[1]!;
  const quoted = /^["“]([\s\S]*)["”]$/.exec(trimmed);
  return quoted && !quoted[1]!.includes('"') ? quoted[1]! : trimmed;
}

const ready = async (api: { availability(options?: never): Promise<Availability> } | undefined) =>
  api !== undefined && (await api.availability().catch(() => 'unavailable')) === 'available';

/**
 * Proofread, Rewrite and Write for text fields: Chrome's API for the tool where it is ready, else
 * the engine in use with a prompt. One request per tab at a time; Stop ends it at once.
 */
export function createWritingTools(deps: WritingToolsDeps) {
  const running = new Map<number, AbortController>();

  async function withApi(request: WritingRequest, signal: AbortSignal): Promise<WritingResult | undefined> {
    const languages = [deps.language().split('-')[0] ?? 'en'];
    if (request.tool === 'proofread') {
      const api = deps.proofreaderApi();
      if (!(await ready(api))) return undefined;
      const proofreader = await api!.create({
        includeCorrectionTypes: true,
        includeCorrectionExplanations: true,
        expectedInputLanguages: languages,
        signal,
      });
      const result = await proofreader.proofread(request.text, { signal });
      proofreader.destroy();
      const corrections = result.corrections.map(({ startIndex, endIndex, correction, types, explanation }) => ({
        start: startIndex,
        end: endIndex,
        replacement: correction,
        ...(types && { types: [...types] }),
        ...(explanation && { explanation }),
      }));
      return { text: result.correctedInput, corrections, by: API_LABELS.proofread };
    }
    if (request.tool === 'rewrite') {
      const api = deps.rewriterApi();
      if (!(await ready(api))) return undefined;
      const rewriter = await api!.create({ tone: request.tone, length: request.length, signal });
      const text = await rewriter.rewrite(request.text, { signal });
      rewriter.destroy();
      return { text, by: API_LABELS.rewrite };
    }
    const api = deps.writerApi();
    if (!(await ready(api))) return undefined;
    const writer = await api!.create({ signal });
    const text = await writer.write(request.instruction ?? '', {
      ...(request.text && { context: request.text }),
      signal,
    });
    writer.destroy();
    return { text, by: API_LABELS.write };
  }

  async function run(tabId: number, request: WritingRequest): Promise<WritingResult> {
    if (request.tool === 'write' && !request.instruction?.trim()) {
      throw new InklingError('bad-request', 'Say what to write first.');
    }
    if (request.tool !== 'write' && !request.text.trim()) {
      throw new InklingError('bad-request', 'The field is empty: write something first.');
    }
    running.get(tabId)?.abort();
    const stopping = new AbortController();
    running.set(tabId, stopping);
    try {
      const viaApi = await withApi(request, stopping.signal);
      if (viaApi) return viaApi;
      stopping.signal.throwIfAborted();
      const { text, engineLabel } = await deps.complete(writingPrompt(request), stopping.signal);
      stopping.signal.throwIfAborted();
      const answer = cleanAnswer(text);
      return request.tool === 'proofread'
        ? { text: answer, corrections: correctionsBetween(request.text, answer), by: engineLabel }
        : { text: answer, by: engineLabel };
    } catch (error) {
      if (stopping.signal.aborted) throw new Error('Stopped.');
      throw error;
    } finally {
      if (running.get(tabId) === stopping) running.delete(tabId);
    }
  }

  return {
    run,
    /** Stop: the tab's request ends at once. */
    stop: (tabId: number) => running.get(tabId)?.abort(),
  };
}

export type WritingTools = ReturnType<typeof createWritingTools>;
