import type { Conversation, ConversationStore } from '../chat/store';
import type { CpuModel } from '../contracts/engine';

export interface ConversationEditsDeps {
  /** The conversation the panel shows. */
  conversation(): Conversation;
  show(conversation: Conversation): void;
  /** Runs a change on the store; a failure is shown by the panel, and resolves undefined. */
  saving<T>(change: (store: ConversationStore) => Promise<T>): Promise<T | undefined>;
}

/** What the user changes about a conversation itself: its title, its CPU model, its system prompt. */
export function conversationEdits({ conversation, show, saving }: ConversationEditsDeps) {
  return {
    async rename(id: string, title: string) {
      await saving((store) => store.rename(id, title));
      if (id !== conversation().id) return;
      const renamed = await saving((store) => store.get(id));
      if (renamed) show({ ...conversation(), title: renamed.title });
    },

    /** Undefined: the settings' CPU model again. It applies from the next message. */
    async setCpuModel(model: CpuModel | undefined) {
      const { id } = conversation();
      const { cpuModel: _old, ...rest } = conversation();
      show({ ...rest, ...(model && { cpuModel: model }) });
      if (id) await saving((store) => store.setCpuModel(id, model));
    },

    async setSystemPrompt(prompt: string) {
      const { id } = conversation();
      show({ ...conversation(), systemPrompt: prompt.trim() || undefined });
      if (id) await saving((store) => store.setSystemPrompt(id, prompt));
    },
  };
}
