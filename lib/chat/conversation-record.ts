import type { SourceInfo } from '../contracts/source';
import type { Turn } from '../contracts/turns';
import type { AnswerPatch, Conversation, ConversationSummary } from './conversation';
import type { StoredConversation } from './database';
import { clip, defaultTitle } from './titles';

/** How a stored conversation record is shown to callers and changed by their edits. */

const CUSTOM_TITLE_CHARS = 200;
const PREVIEW_CHARS = 200;

export function toSummary(record: StoredConversation): ConversationSummary {
  const { customTitle: _custom, firstQuestionId: _first, ...summary } = record;
  return summary;
}

export function toConversation(record: StoredConversation, turns: Turn[], sources: SourceInfo[] = []): Conversation {
  const { preview: _preview, ...summary } = toSummary(record);
  return { ...summary, turns, ...(sources.length > 0 && { sources }) };
}

/** A blank title hands the title back to the first question. */
export function setTitle(record: StoredConversation, title: string | undefined): void {
  const clean = clip(title ?? '', CUSTOM_TITLE_CHARS);
  record.customTitle = clean !== '';
  record.title = clean || defaultTitle(record.preview);
}

export function setPrompt(record: StoredConversation, prompt: string | undefined): void {
  if (prompt?.trim()) record.systemPrompt = prompt;
  else delete record.systemPrompt;
}

export function setFirstQuestion(record: StoredConversation, question: Turn | undefined): void {
  record.firstQuestionId = question?.id;
  record.preview = clip(question?.text ?? '', PREVIEW_CHARS);
  if (!record.customTitle) record.title = defaultTitle(question?.text ?? '');
}

const ANSWER_FIELDS = ['text', 'status', 'result', 'error'] as const;

// Only an answer's own fields: a patch spread from a whole turn must not change its id or role.
export function pickPatch(patch: AnswerPatch): AnswerPatch {
  return Object.fromEntries(ANSWER_FIELDS.filter((key) => key in patch).map((key) => [key, patch[key]]));
}

// A field set to undefined (an error cleared on retry) is removed, not stored as undefined.
export function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}
