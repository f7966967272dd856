import { useEffect, useRef, useState } from 'preact/hooks';
import { openConversationStore, type Conversation, type ConversationStore } from '@/lib/chat/store';
import { toRequestMessages } from '@/lib/chat/turns';
import { type AssistantTurn, type Turn, type UserTurn } from '@/lib/contracts/turns';
import type { ChatMessage } from '@/lib/contracts/engine';
import type { GenerateStreamHandle } from '@/lib/stream/client';
import { inkling } from '@/lib/stream/runtime-client';
import { fillPrompt } from '@/lib/tasks/fill-prompt';
import { condenseForSummary, conversationTitle, describePartProgress, partPrompt } from '@/lib/tasks/summarize-in-parts';
import type { PromptTask, Task } from '@/lib/contracts/task';
import { createFrameBatcher } from '@/lib/ui/frame-batcher';
import { useSettings } from './use-settings';

const store = openConversationStore();

/** The request for an answer; `summaryOf` marks a plain summary (Chrome's Summarizer API takes those). */
interface Request {
  messages: ChatMessage[];
  summaryOf?: string;
}

/** The request, or how to make it (with Stop's signal and a progress line). */
type Prepared = Request | ((signal: AbortSignal, onProgress: (text: string) => void) => Promise<Request>);

/** "Summarize: “The quick brown fox…”", or the page's title for a page summary. */
function taskTitle(task: PromptTask): string {
  return conversationTitle(task.label, task.source?.title || task.quote);
}

/** A conversation that exists only in the panel until its first question is saved. */
const draft = (systemPrompt: string): Conversation => ({
  id: '',
  title: 'New conversation',
  ...(systemPrompt && { systemPrompt }),
  createdAt: Date.now(),
  updatedAt: Date.now(),
  turns: [],
});

/**
 * The conversation open in the panel: its turns as stored, the answer streaming now, and what the
 * user can do with them. The background saves each answer as it streams (so closing the panel
 * loses nothing); this side saves the questions and the structure of the conversation.
 */
export function useConversation() {
  const settings = useSettings();
  const [conversation, setConversation] = useState<Conversation>(() => draft(settings.defaultSystemPrompt));
  const [storageError, setStorageError] = useState<string>();
  const active = useRef<{ stop(): void } | undefined>(undefined);
  const [partProgress, setPartProgress] = useState<{ turnId: string; text: string }>();
  const last = conversation.turns.at(-1);
  const streaming = last?.role === 'assistant' && last.status === 'streaming';

  // A new, empty conversation takes the default system prompt as it is now.
  useEffect(() => {
    setConversation((current) => (current.id ? current : draft(settings.defaultSystemPrompt)));
  }, [settings.defaultSystemPrompt]);

  /** Runs a storage change; a failure is shown in plain words and the panel carries on. */
  async function saving<T>(change: (opened: ConversationStore) => Promise<T>): Promise<T | undefined> {
    try {
      const result = await change(await store);
      setStorageError(undefined);
      return result;
    } catch (error) {
      setStorageError(error instanceof Error ? error.message : String(error));
      return undefined;
    }
  }

  const updateAnswer = (answerId: string, change: (turn: AssistantTurn) => Partial<AssistantTurn>) =>
    setConversation((current) => ({
      ...current,
      turns: current.turns.map((turn) => (turn.id === answerId && turn.role === 'assistant' ? { ...turn, ...change(turn) } : turn)),
    }));

  /**
   * Streams an answer into the answer turn `answerId`, already in the conversation. `messages` may
   * first need work (a long text summarized in parts), which Stop also ends.
   */
  async function answer(target: Conversation, messages: Prepared, answerId: string) {
    const batcher = createFrameBatcher((text) => updateAnswer(answerId, (turn) => ({ text: turn.text + text })));
    const stopping = new AbortController();
    let handle: GenerateStreamHandle | undefined;
    const current = {
      stop() {
        // The panel shows the stop at once; the metrics follow when the background confirms.
        stopping.abort();
        handle?.cancel();
        batcher.flush();
        updateAnswer(answerId, () => ({ status: 'stopped' }));
      },
    };
    active.current = current;
    const saveTo = target.id ? { conversationId: target.id, turnId: answerId } : undefined;
    try {
      const ready = typeof messages === 'function' ? await messages(stopping.signal, (text) => setPartProgress({ turnId: answerId, text })) : messages;
      setPartProgress(undefined);
      stopping.signal.throwIfAborted();
      handle = await inkling.generateStream(ready.messages, {
        conversationId: target.id,
        ...(saveTo && { saveTo }),
        ...(ready.summaryOf !== undefined && { summaryOf: ready.summaryOf }),
        ...settings.sampling,
      });
      for await (const delta of handle.stream) batcher.push(delta);
      const result = await handle.result;
      batcher.flush();
      updateAnswer(answerId, () => ({ text: result.text, status: result.finishReason === 'cancelled' ? 'stopped' : 'done', result }));
    } catch (error) {
      batcher.flush();
      setPartProgress(undefined);
      const patch = stopping.signal.aborted ? { status: 'stopped' as const } : { status: 'failed' as const, error: error instanceof Error ? error.message : String(error) };
      updateAnswer(answerId, () => patch);
      // Before its request started the background had nothing to save; this side says how it ended.
      if (!handle && saveTo) await saving((opened) => opened.updateTurn(saveTo.conversationId, saveTo.turnId, patch));
    } finally {
      if (active.current === current) active.current = undefined;
    }
  }

  /** Adds a question and its answer to the conversation (saving it first if it is new) and answers. */
  async function ask(base: Conversation, question: string, options: { title?: string; condense?: PromptTask } = {}) {
    const userTurn: UserTurn = { id: crypto.randomUUID(), role: 'user', text: question };
    const answerTurn: AssistantTurn = { id: crypto.randomUUID(), role: 'assistant', text: '', status: 'streaming' };
    const messages: Prepared = options.condense
      ? condensed(base, options.condense)
      : { messages: toRequestMessages(base.turns, question, base.systemPrompt) };
    // Shown at once; saved meanwhile.
    setConversation({ ...base, ...(options.title && { title: options.title }), turns: [...base.turns, userTurn, answerTurn] });
    let target = base;
    if (!target.id) {
      const created = await saving((opened) => opened.create({ ...(base.systemPrompt && { systemPrompt: base.systemPrompt }), ...(options.title && { title: options.title }) }));
      if (created) target = { ...created, turns: base.turns };
    }
    if (target.id) {
      const id = target.id;
      await saving((opened) => opened.appendTurns(id, userTurn, answerTurn));
      const saved = await saving((opened) => opened.get(id));
      // The store titles a conversation after its first question.
      if (saved) setConversation((current) => ({ ...current, id, title: saved.title, createdAt: saved.createdAt, updatedAt: saved.updatedAt }));
    }
    await answer({ ...target, turns: [...target.turns, userTurn, answerTurn] }, messages, answerTurn.id);
  }

  /** A summary: a long text is summarized in parts first, then the answer is asked about those. */
  function condensed(base: Conversation, task: PromptTask): Prepared {
    return async (signal, onProgress) => {
      const { text } = await condenseForSummary(task.quote, {
        signal,
        onProgress: (progress) => onProgress(describePartProgress(progress)),
        async summarizePart(part, progress) {
          const handle = await inkling.generateStream(partPrompt(part, progress), { ...settings.sampling, summaryOf: part, signal });
          return (await handle.result).text;
        },
      });
      return {
        messages: toRequestMessages(base.turns, fillPrompt({ prompt: task.template }, text, navigator.language), base.systemPrompt),
        summaryOf: text,
      };
    };
  }

  /** A task from the context menu or a command: a new conversation, or one to open. */
  async function runTask(task: Task) {
    if (task.kind === 'open-conversation') return open(task.conversationId);
    stop();
    const question = fillPrompt({ prompt: task.template }, task.quote, navigator.language);
    await ask(draft(settings.defaultSystemPrompt), question, { title: taskTitle(task), condense: task.summary ? task : undefined });
  }

  async function send(question: string): Promise<boolean> {
    if (!question.trim() || active.current) return false;
    await ask(conversation, question);
    return true;
  }

  /** Answers the question before `answerId` again, in place of that answer. */
  async function regenerate(answerId: string) {
    if (active.current) return;
    const index = conversation.turns.findIndex((turn) => turn.id === answerId);
    const question = conversation.turns[index - 1];
    if (question?.role !== 'user') return;
    const before = conversation.turns.slice(0, index - 1);
    if (conversation.id) await saving((opened) => opened.truncateFrom(conversation.id, question.id));
    await ask({ ...conversation, turns: before }, question.text);
  }

  /** Replaces a question with `text` and asks again from there; later turns go. */
  async function editAndResend(turnId: string, text: string) {
    if (active.current || !text.trim()) return;
    const index = conversation.turns.findIndex((turn) => turn.id === turnId);
    if (index === -1) return;
    if (conversation.id) await saving((opened) => opened.truncateFrom(conversation.id, turnId));
    await ask({ ...conversation, turns: conversation.turns.slice(0, index) }, text);
  }

  function stop() {
    active.current?.stop();
  }

  function newChat() {
    stop();
    setConversation(draft(settings.defaultSystemPrompt));
  }

  async function open(id: string) {
    stop();
    const loaded = await saving((opened) => opened.get(id));
    if (!loaded) return;
    // An answer still marked as streaming belongs to no one now: its panel was closed.
    const turns = loaded.turns.map((turn): Turn => (turn.role === 'assistant' && turn.status === 'streaming' ? { ...turn, status: 'stopped' } : turn));
    setConversation({ ...loaded, turns });
  }

  async function rename(id: string, title: string) {
    await saving((opened) => opened.rename(id, title));
    if (id !== conversation.id) return;
    const renamed = await saving((opened) => opened.get(id));
    if (renamed) setConversation((current) => ({ ...current, title: renamed.title }));
  }

  async function setSystemPrompt(prompt: string) {
    setConversation((current) => ({ ...current, systemPrompt: prompt.trim() || undefined }));
    if (conversation.id) await saving((opened) => opened.setSystemPrompt(conversation.id, prompt));
  }

  /** After a conversation was deleted from the list: leave it if it is the open one. */
  function forget(id: string) {
    if (conversation.id === id) newChat();
  }

  // Tasks for this window (context menu, commands) come to this panel, run with the current state.
  const latestRunTask = useRef(runTask);
  latestRunTask.current = runTask;
  useEffect(() => {
    void browser.windows.getCurrent().then(({ id }) => id !== undefined && inkling.takeTasks(id, (task) => void latestRunTask.current(task)));
  }, []);

  return {
    conversation,
    partProgress,
    streaming,
    storageError,
    store,
    send,
    stop,
    regenerate,
    editAndResend,
    newChat,
    open,
    rename,
    setSystemPrompt,
    forget,
  };
}

export type ConversationController = ReturnType<typeof useConversation>;
