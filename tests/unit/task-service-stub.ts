import type { ConversationWriter } from '../../lib/chat/conversation-writer';
import type { PageText } from '../../lib/contracts/page';
import { createTaskService } from '../../lib/tasks/task-service';

/**
 * The background's task service over a writer that stores nothing: a question's turns are "saved"
 * at once into conversation `c` (or its own), so stream tests see the answer saves alone.
 */
export function stubTaskService(page: PageText = { title: 'Page', url: 'https://example.com/', text: 'Text.' }) {
  const writer: ConversationWriter = {
    async ask(task) {
      const conversationId = task.conversationId ?? 'c';
      const saved = Promise.resolve({ conversationId, title: task.question });
      return {
        conversationId,
        messages: [{ role: 'user', content: task.question }],
        answerTurnId: task.answerTurnId,
        saved,
      };
    },
    async startTask() {
      return { conversationId: 'c', turnId: 't' };
    },
    async saveConversation() {
      return 'c';
    },
    async sourceTexts() {
      return [];
    },
  };
  return createTaskService({
    writer,
    readPage: async () => page,
    language: () => 'en',
    systemPrompt: async () => '',
    contextInfo: async () => ({}),
  });
}

/** A 'run' of the next question of conversation `c`, whose answer is saved into turn `t`. */
export const chatRun = (id: string, extra: object = {}) => ({
  type: 'run',
  id,
  task: { kind: 'chat', conversationId: 'c', question: 'Hi', userTurnId: 'u', answerTurnId: 't' },
  options: {},
  ...extra,
});
