import type { ChatMessage, CpuModel } from '../contracts/engine';
import { InklingError } from '../contracts/errors';
import type { Source, TurnSource } from '../contracts/source';
import type { TaskRequest } from '../contracts/task';
import type { Turn } from '../contracts/turns';
import type { ConversationStore } from './store';
import { toRequestMessages } from './turns';

export type ChatRequest = Extract<TaskRequest, { kind: 'chat' }>;

/** The pages a question is about: sent in its place, kept with the conversation. */
export interface QuestionSources {
  /** What the engine is sent for the question: it with the sources' text. */
  prompt: string;
  /** Stored with the conversation before the question. */
  newSources: Source[];
  /** Stored with the question. */
  turnSources: TurnSource[];
}

/** Where an answer is saved as it streams: a stored assistant turn. */
export interface AnswerTarget {
  conversationId: string;
  turnId: string;
}

/** A question being stored with its (empty, streaming) answer, and what the engine is to be sent for it. */
export interface StoredQuestion {
  conversationId: string;
  messages: ChatMessage[];
  answerTurnId: string;
  /** The CPU model the conversation chose, if it did. */
  cpuModel?: CpuModel;
  /**
   * The writes, which go on while the answer starts (the first token does not wait for them): the
   * conversation's id and title once the question is stored. The answer is saved only after it.
   */
  saved: Promise<{ conversationId: string; title: string }>;
}

/**
 * The background's writes of a conversation's turns: the only place they are written, so that a
 * panel that closes, or two panels at once, cannot leave a question without its answer.
 */
export function createConversationWriter(store: () => Promise<ConversationStore>) {
  /** A new conversation of these turns (a task's, or a card's answered elsewhere); returns its id. */
  async function saveConversation({ title, systemPrompt }: { title: string; systemPrompt?: string }, turns: Turn[]) {
    const opened = await store();
    const conversation = await opened.create({ title, ...(systemPrompt && { systemPrompt }) });
    await opened.appendTurns(conversation.id, ...turns);
    return conversation.id;
  }

  return {
    /** The next question of a conversation (a new one without an id); regenerate and edit replace turns. */
    async ask(request: ChatRequest, sources?: QuestionSources): Promise<StoredQuestion> {
      const opened = await store();
      const existing = request.conversationId ? await opened.get(request.conversationId) : undefined;
      if (request.conversationId && !existing) {
        throw new InklingError(
          'storage-failed',
          'This conversation no longer exists: it was deleted, perhaps in another window.',
        );
      }
      const cut = request.replaceFrom ? existing?.turns.findIndex((turn) => turn.id === request.replaceFrom) : -1;
      const turns = existing?.turns.slice(0, cut === undefined || cut === -1 ? undefined : cut) ?? [];
      // A new conversation's id is handed out now, so that the engine keeps its session; it is
      // stored with the question while the answer starts.
      const conversationId = existing?.id ?? crypto.randomUUID();
      const systemPrompt = existing ? existing.systemPrompt : request.systemPrompt;
      const cpuModel = existing ? existing.cpuModel : request.cpuModel;
      const saved = (async () => {
        const conversation =
          existing ??
          (await opened.create({
            id: conversationId,
            ...(systemPrompt && { systemPrompt }),
            ...(cpuModel && { cpuModel }),
          }));
        if (request.replaceFrom) await opened.truncateFrom(conversation.id, request.replaceFrom);
        if (sources?.newSources.length) await opened.addSources(conversation.id, ...sources.newSources);
        await opened.appendTurns(
          conversation.id,
          {
            id: request.userTurnId,
            role: 'user',
            text: request.question,
            ...(sources && { sources: sources.turnSources }),
          },
          { id: request.answerTurnId, role: 'assistant', text: '', status: 'streaming' },
        );
        const stored = await opened.get(conversation.id);
        return { conversationId: conversation.id, title: stored?.title ?? conversation.title };
      })();
      saved.catch(() => {});
      const messages = toRequestMessages(turns, sources?.prompt ?? request.question, systemPrompt);
      return { conversationId, messages, answerTurnId: request.answerTurnId, saved, ...(cpuModel && { cpuModel }) };
    },

    /** A new conversation for a task from the page (a context-menu action), its answer still to come. */
    async startTask(task: {
      title: string;
      question: string;
      brief?: string;
      systemPrompt?: string;
    }): Promise<AnswerTarget> {
      const turnId = crypto.randomUUID();
      const question: Turn = {
        id: crypto.randomUUID(),
        role: 'user',
        text: task.question,
        ...(task.brief !== undefined && { brief: task.brief }),
      };
      const answer: Turn = { id: turnId, role: 'assistant', text: '', status: 'streaming' };
      const conversationId = await saveConversation(task, [question, answer]);
      return { conversationId, turnId };
    },

    saveConversation,

    /** The sources a conversation keeps, with their text; none for one not stored yet. */
    async sourceTexts(conversationId: string | undefined): Promise<Source[]> {
      return conversationId ? (await store()).sourceTexts(conversationId) : [];
    },
  };
}

export type ConversationWriter = ReturnType<typeof createConversationWriter>;
