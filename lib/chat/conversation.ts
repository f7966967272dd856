import type { CpuModel } from '../contracts/engine';
import type { SourceInfo } from '../contracts/source';
import type { AssistantTurn, Turn } from '../contracts/turns';

export interface Conversation {
  id: string;
  title: string;
  systemPrompt?: string;
  /** The CPU model this conversation answers with, instead of the settings' one. */
  cpuModel?: CpuModel;
  /** Milliseconds since the epoch. */
  createdAt: number;
  /** When the user last changed it: a question, an answer finished, a rename. */
  updatedAt: number;
  turns: Turn[];
  /** The pages its questions were about, oldest first; their text is read with `sourceTexts`. */
  sources?: SourceInfo[];
}

export interface ConversationSummary extends Omit<Conversation, 'turns' | 'sources'> {
  /** The first question, shortened; empty before there is one. */
  preview: string;
}

export interface SearchHit extends ConversationSummary {
  /** Text around the first match, on one line, with '…' where it was cut. */
  snippet: string;
  /** Where the match is in `snippet`, as [start, end). */
  highlight: [number, number];
  /** The turn that matched; absent when the title did. */
  turnId?: string;
}

/** What may change in an answer while and after it streams. */
export type AnswerPatch = Partial<Pick<AssistantTurn, 'text' | 'status' | 'result' | 'error'>>;
