import * as v from 'valibot';
import { GenerationResultSchema, type GenerationResult } from '../contracts/result';
import { TurnSchema } from '../contracts/turns';
import { quote } from '../markdown/quote';
import { engineAndModel } from '../ui/engine-name';
import type { Conversation } from './conversation';
import { SourceInfoSchema, type SourceInfo } from '../contracts/source';
import type { AssistantTurn, Turn } from '../contracts/turns';

/**
 * A conversation as a file the user keeps: Markdown to read, JSON to keep or import again. Pure:
 * the same conversation always gives the same bytes, so an export can be compared or versioned.
 */

const EXPORT_FORMAT = 'inkling-conversation';
const EXPORT_VERSION = 1;

export function toMarkdown(conversation: Conversation): string {
  const blocks = [
    `# ${oneLine(conversation.title)}`,
    `*Inkling conversation, started ${utcMinute(conversation.createdAt)}*`,
  ];
  if (conversation.systemPrompt) blocks.push('**System prompt**', quote(conversation.systemPrompt));
  if (conversation.sources?.length) blocks.push('**Sources**', conversation.sources.map(sourceLine).join('\n'));
  for (const turn of conversation.turns) blocks.push(...turnBlocks(turn));
  return `${blocks.join('\n\n')}\n`;
}

function turnBlocks(turn: Turn): string[] {
  if (turn.role === 'user') return ['**You**', ...text(turn.text)];
  const notes = [
    answerNote(turn),
    turn.result?.notice,
    turn.result && engineAndModel(turn.result.engineLabel, turn.result.model),
  ];
  return [
    '**Inkling**',
    ...text(turn.text),
    ...notes.filter((note) => note !== undefined).map((note) => `*${oneLine(note)}*`),
  ];
}

const sourceLine = (source: SourceInfo) =>
  `- ${oneLine(source.title) || source.url} <${source.url}>, read ${utcMinute(source.readAt)}`;

// Verbatim, since answers are Markdown already; only a code fence left open by a stopped answer
// is closed, or it would swallow every turn after it.
const text = (body: string): string[] => (body.trim() ? [closeOpenFence(body.trimEnd())] : []);

function answerNote(turn: AssistantTurn): string | undefined {
  switch (turn.status) {
    case 'streaming':
      return 'Still being written when exported.';
    case 'stopped':
      return turn.text.trim() ? 'Stopped before the end.' : 'Stopped before the first word.';
    case 'failed':
      return turn.error ? `Failed: ${turn.error}` : 'Failed.';
    case 'done':
      return turn.result?.finishReason === 'length' ? 'Cut at the token limit.' : undefined;
  }
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/** CommonMark: a fence closes with the same character, at least as many times, and nothing else. */
export function closeOpenFence(body: string): string {
  let open: string | undefined;
  for (const line of body.split('\n')) {
    const fence = FENCE.exec(line)?.[1];
    if (!fence) continue;
    if (!open) open = fence;
    else if (fence[0] === open[0] && fence.length >= open.length && line.trim() === fence) open = undefined;
  }
  return open ? `${body}\n${open}` : body;
}

const oneLine = (value: string) => value.replace(/\s+/g, ' ').trim();
const utcMinute = (ms: number) => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

// Key order is fixed here, not taken from the stored object, so equal conversations give equal files.
const RESULT_KEYS = Object.keys(GenerationResultSchema.entries) as (keyof GenerationResult)[];

export function toJson(conversation: Conversation): string {
  const document = {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    id: conversation.id,
    title: conversation.title,
    systemPrompt: conversation.systemPrompt,
    createdAt: new Date(conversation.createdAt).toISOString(),
    updatedAt: new Date(conversation.updatedAt).toISOString(),
    sources: conversation.sources?.map((source) => ({
      id: source.id,
      title: source.title,
      url: source.url,
      readAt: new Date(source.readAt).toISOString(),
    })),
    turns: conversation.turns.map(turnDocument),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

function turnDocument(turn: Turn): object {
  if (turn.role === 'user') return { id: turn.id, role: turn.role, text: turn.text, sources: turn.sources };
  const result = turn.result && Object.fromEntries(RESULT_KEYS.map((key) => [key, turn.result?.[key]]));
  return { id: turn.id, role: turn.role, text: turn.text, status: turn.status, error: turn.error, result };
}

const IsoDate = v.pipe(
  v.string(),
  v.isoTimestamp(),
  v.transform((value) => Date.parse(value)),
);

const DocumentSchema = v.object({
  format: v.literal(EXPORT_FORMAT),
  // Only version 1 exists; a later version adds its schema here and converts older files.
  version: v.literal(EXPORT_VERSION),
  id: v.string(),
  title: v.string(),
  systemPrompt: v.optional(v.string()),
  createdAt: IsoDate,
  updatedAt: IsoDate,
  sources: v.optional(v.array(v.object({ ...SourceInfoSchema.entries, readAt: IsoDate }))),
  turns: v.array(TurnSchema),
});

/** Reads a file written by `toJson` back, checking every field: it may have been edited by hand. */
export function fromJson(json: string): Conversation {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    throw new Error('This file is not an Inkling conversation: it is not JSON.');
  }
  const parsed = v.safeParse(DocumentSchema, data);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const where = issue.path?.map((item) => String(item.key)).join('.');
    throw new Error(`This file is not an Inkling conversation${where ? ` (${where})` : ''}: ${issue.message}`);
  }
  const { format: _format, version: _version, ...conversation } = parsed.output;
  return conversation;
}

/** `inkling-2025-01-02-why-is-the-sky-blue.md`: letters and digits of any script, dashes, no path characters. */
export function exportFileName(conversation: Conversation, extension: 'md' | 'json'): string {
  const date = new Date(conversation.createdAt).toISOString().slice(0, 10);
  return `inkling-${date}-${slug(conversation.title)}.${extension}`;
}

const SLUG_CHARS = 50;

function slug(title: string): string {
  const words = title
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, '-');
  // Counted in code points so a cut never splits an emoji or a letter outside the BMP.
  const cut = Array.from(words.replace(/^-+/, '')).slice(0, SLUG_CHARS).join('');
  return cut.replace(/-+$/, '') || 'conversation';
}
