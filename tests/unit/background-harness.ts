import 'fake-indexeddb/auto';
import { createConversationWriter } from '../../lib/chat/conversation-writer';
import { openConversationStore } from '../../lib/chat/store';
import type { Engine } from '../../lib/engines/engine';
import { EnginePicker } from '../../lib/engines/picker';
import { createClient } from '../../lib/stream/client';
import { createStreamServer } from '../../lib/stream/server';
import { createTaskRouter } from '../../lib/tasks/task-router';
import { createTaskService } from '../../lib/tasks/task-service';
import { createPortPair, type MemoryPort } from './memory-port';

const SENDER = { id: 'inkling-test', url: 'chrome-extension://inkling-test/sidepanel.html' };
let databases = 0;

/**
 * The real background over memory ports: the stream server with its task service, router, writer
 * and a conversation store in fake-indexeddb (a new database each time), and the clients of
 * extension pages that connect to it.
 */
export async function createBackground(engine: Engine) {
  const store = await openConversationStore(`background-${databases++}`);
  const router = createTaskRouter({ runInPage: async () => {} });
  const server = createStreamServer({
    picker: new EnginePicker([engine]),
    tasks: router,
    sampling: async () => ({ temperature: 0 }),
    answers: { update: (target, patch) => store.updateTurn(target.conversationId, target.turnId, patch) },
    taskService: createTaskService({
      writer: createConversationWriter(async () => store),
      readPage: async () => ({ title: 'A page', url: 'https://example.com/', text: 'Its text.' }),
      language: () => 'en',
      systemPrompt: async () => '',
      contextInfo: async (conversationId) => engine.contextInfo(conversationId),
    }),
  });
  /** An extension page's client; `port()` is the port it holds now. */
  const openClient = () => {
    let port: MemoryPort | undefined;
    const client = createClient(() => {
      const pair = createPortPair({ sender: SENDER });
      server.connect(pair.server, 'extension-page');
      port = pair.client;
      return pair.client;
    });
    return { client, port: () => port! };
  };
  return { store, router, server, openClient };
}
