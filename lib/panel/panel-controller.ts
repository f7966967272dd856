import { NEW_CONVERSATION_TITLE, type Conversation, type ConversationStore } from '../chat/store';
import type { SamplingOptions } from '../contracts/engine';
import { errorMessage, InklingError } from '../contracts/errors';
import type { Prepared } from '../contracts/protocol';
import type { Task, TaskRequest } from '../contracts/task';
import type { AssistantTurn, Turn } from '../contracts/turns';
import type { GenerateStreamHandle } from '../stream/client';
import type { RunTaskOptions, TaskEvents } from '../stream/task-events';
import { type FollowedAnswer, followAnswer } from '../answer/follow-answer';
import type { SourceRef } from '../contracts/source';
import { contextActions, pageContext, type PageContextState } from './page-context';
import { conversationEdits } from './conversation-edits';

/** What the panel needs of the background: it writes the turns and streams the answers. */
export interface PanelBackground {
  runTask(task: TaskRequest, options: RunTaskOptions): Promise<GenerateStreamHandle>;
  /** Follows the answer the background is writing into a conversation; 'not-found' when none runs. */
  watchAnswer(conversationId: string, events: TaskEvents): Promise<GenerateStreamHandle>;
}

export interface PanelState {
  conversation: Conversation;
  /** The line shown in the answer being prepared. */
  progress?: { turnId: string; text: string };
  storageError?: string;
  /** An answer is streaming into the open conversation. */
  streaming: boolean;
  /** The pages the next question is about. */
  context: PageContextState;
}

export interface PanelControllerDeps {
  background: PanelBackground;
  store: Promise<ConversationStore>;
  sampling(): SamplingOptions;
  defaultSystemPrompt(): string;
  newId?(): string;
  requestFrame?(callback: () => void): number;
  cancelFrame?(handle: number): void;
}

/** What a conversation's first question carries of the choices made before it was stored. */
function newConversation({ systemPrompt, cpuModel }: Conversation) {
  return { ...(systemPrompt && { systemPrompt }), ...(cpuModel && { cpuModel }) };
}

/** A conversation that exists only in the panel until its first question is saved. */
function draft(systemPrompt: string): Conversation {
  const now = Date.now();
  const prompt = systemPrompt ? { systemPrompt } : {};
  return { id: '', title: NEW_CONVERSATION_TITLE, ...prompt, createdAt: now, updatedAt: now, turns: [] };
}

/**
 * The side panel's state and what the user can do, in plain TypeScript: the components subscribe
 * and render. The background writes every turn and streams the answers; this side shows a question
 * at once, then the answer's deltas once per frame, replacing only the turn that changed.
 */
export function createPanelController(deps: PanelControllerDeps) {
  const newId = deps.newId ?? (() => crypto.randomUUID());
  const listeners = new Set<(state: PanelState) => void>();
  let state: PanelState = { conversation: draft(deps.defaultSystemPrompt()), streaming: false, context: { chips: [] } };
  let active: FollowedAnswer | undefined;

  function set(change: Partial<PanelState>) {
    const conversation = change.conversation ?? state.conversation;
    const last = conversation.turns.at(-1);
    state = { ...state, ...change, streaming: last?.role === 'assistant' && last.status === 'streaming' };
    for (const listener of listeners) listener(state);
  }

  const setTurns = (turns: Turn[]) => set({ conversation: { ...state.conversation, turns } });
  const { setChips, ...chipActions } = contextActions(
    () => state.context,
    (context) => set({ context }),
  );
  const updateAnswer = (
    conversationId: string,
    answerId: string,
    change: (turn: AssistantTurn) => Partial<AssistantTurn>,
  ) => {
    if (state.conversation.id !== conversationId && state.conversation.id !== '') return;
    setTurns(
      state.conversation.turns.map((turn) =>
        turn.id === answerId && turn.role === 'assistant' ? { ...turn, ...change(turn) } : turn,
      ),
    );
  };

  async function saving<T>(change: (store: ConversationStore) => Promise<T>): Promise<T | undefined> {
    try {
      const result = await change(await deps.store);
      if (state.storageError) set({ storageError: undefined });
      return result;
    } catch (error) {
      set({ storageError: errorMessage(error) });
      return undefined;
    }
  }

  /** Shows the answer `start` asks for streaming into the turn `answerId`, until it ends or Stop. */
  async function follow(
    start: (events: TaskEvents, signal: AbortSignal) => Promise<GenerateStreamHandle>,
    answerId: string,
    questionId?: string,
  ) {
    let conversationId = state.conversation.id;
    const update = (change: (turn: AssistantTurn) => Partial<AssistantTurn>) =>
      updateAnswer(conversationId, answerId, change);
    const answer = followAnswer(
      start,
      {
        text: (text) => update((turn) => ({ text: turn.text + text })),
        progress: (text) => set({ progress: text === undefined ? undefined : { turnId: answerId, text } }),
        prepared: ({ conversationId: id, title, sources }) => {
          if (id === undefined) return;
          if (state.conversation.id === conversationId) {
            set({ conversation: { ...state.conversation, id, title } });
            if (sources) showSources(questionId, sources);
          }
          conversationId = id;
        },
        stopped: () => update(() => ({ status: 'stopped' })),
        done: (result) =>
          update(() => ({
            text: result.text,
            status: result.finishReason === 'cancelled' ? 'stopped' : 'done',
            result,
          })),
        failed: (error) => {
          if (error instanceof InklingError && error.code === 'not-found')
            void settleFromStore(conversationId, answerId);
          else update(() => ({ status: 'failed', error: errorMessage(error) }));
        },
      },
      deps,
    );
    active = answer;
    await answer.ended;
    if (active === answer) active = undefined;
  }

  /**
   * An answer that is no longer being written ended before the panel could follow it: the store
   * has how. One still marked as streaming there was cut off (the browser closed mid-answer).
   */
  async function settleFromStore(conversationId: string, answerId: string) {
    const stored = (await saving((store) => store.get(conversationId)))?.turns.find((turn) => turn.id === answerId);
    const ended = stored?.role === 'assistant' && stored.status !== 'streaming' ? stored : undefined;
    updateAnswer(conversationId, answerId, () => ended ?? { status: 'stopped' });
  }

  /** The sources the background kept for a question: named in it, and the chips for the next one. */
  function showSources(questionId: string | undefined, used: NonNullable<Prepared['sources']>) {
    set({ conversation: pageContext.named(state.conversation, questionId, used) });
    setChips(pageContext.stored(state.context.chips, used));
  }

  /** Asks `question` after `base`'s turns: shown at once, stored and answered by the background. */
  async function ask(
    base: Conversation,
    question: string,
    replaceFrom?: string,
    sources: SourceRef[] = state.context.chips.map(({ ref }) => ref),
  ) {
    const userTurnId = newId();
    const answerTurnId = newId();
    set({
      conversation: {
        ...base,
        turns: [
          ...base.turns,
          { id: userTurnId, role: 'user', text: question },
          { id: answerTurnId, role: 'assistant', text: '', status: 'streaming' },
        ],
      },
    });
    const task: TaskRequest = {
      kind: 'chat',
      question,
      userTurnId,
      answerTurnId,
      ...(base.id ? { conversationId: base.id } : newConversation(base)),
      ...(replaceFrom && { replaceFrom }),
      ...(sources.length > 0 && { sources }),
    };
    await follow(
      (events, signal) => deps.background.runTask(task, { ...deps.sampling(), ...events, signal }),
      answerTurnId,
      userTurnId,
    );
  }

  function stop() {
    active?.stop();
  }

  /**
   * The panel turns to another conversation: the panel's own answer stops, as there is no one to
   * show it to; one the background writes on its own (a task from the page) goes on.
   */
  function leave() {
    active?.release();
    active = undefined;
  }

  function newChat() {
    leave();
    set({ conversation: draft(deps.defaultSystemPrompt()), progress: undefined });
    setChips([]);
  }

  async function open(id: string) {
    leave();
    const loaded = await saving((store) => store.get(id));
    if (!loaded) return;
    set({ conversation: loaded, progress: undefined });
    setChips(pageContext.ofConversation(loaded));
    const last = loaded.turns.at(-1);
    // An answer still streaming is the background's own (a task from the page): follow it.
    if (last?.role === 'assistant' && last.status === 'streaming') {
      // Not awaited: the list closes while the answer goes on.
      void follow((events) => deps.background.watchAnswer(id, events), last.id);
    }
  }

  return {
    get state() {
      return state;
    },
    subscribe(listener: (state: PanelState) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    store: deps.store,

    async send(question: string): Promise<boolean> {
      if (!question.trim() || state.streaming) return false;
      await ask(state.conversation, question);
      return true;
    },

    /** Answers the question before `answerId` again, in place of that answer. */
    async regenerate(answerId: string) {
      const { turns } = state.conversation;
      const index = turns.findIndex((turn) => turn.id === answerId);
      const question = turns[index - 1];
      if (state.streaming || question?.role !== 'user') return;
      const sources = (question.sources ?? []).map(({ id }): SourceRef => ({ from: 'stored', id }));
      await ask({ ...state.conversation, turns: turns.slice(0, index - 1) }, question.text, question.id, sources);
    },

    /** Replaces a question with `text` and asks again from there; later turns go. */
    async editAndResend(turnId: string, text: string) {
      const { turns } = state.conversation;
      const index = turns.findIndex((turn) => turn.id === turnId);
      if (state.streaming || !text.trim() || index === -1) return;
      await ask({ ...state.conversation, turns: turns.slice(0, index) }, text, turnId);
    },

    stop,

    ...chipActions,

    newChat,

    open,

    /** A task for this window from the background: the conversation it is answering in. */
    async runTask(task: Task) {
      if (task.kind === 'open-conversation') await open(task.conversationId);
    },

    ...conversationEdits({
      conversation: () => state.conversation,
      show: (conversation) => set({ conversation }),
      saving,
    }),

    /** A new, empty conversation takes the default system prompt as it is now. */
    defaultSystemPromptChanged() {
      if (!state.conversation.id && state.conversation.turns.length === 0)
        set({ conversation: draft(deps.defaultSystemPrompt()) });
    },

    /** After a conversation was deleted from the list: leave it if it is the open one. */
    forget(id: string) {
      if (state.conversation.id === id) newChat();
    },
  };
}

export type PanelController = ReturnType<typeof createPanelController>;
