import { useState } from 'preact/hooks';
import { inkling } from '@/lib/stream/runtime-client';
import { Composer } from './Composer';
import { ContextChips } from './ContextChips';
import { ConversationHeader } from './ConversationHeader';
import { ConversationList } from './ConversationList';
import { EngineStatusLine } from './EngineStatusLine';
import { Transcript } from './Transcript';
import { listOpenTabs, useActiveTab } from './use-active-tab';
import { useConversation } from './use-conversation';

export function App() {
  const { controller: chat, ...state } = useConversation();
  const [listOpen, setListOpen] = useState(false);
  const { conversation } = state;
  useActiveTab(chat.activeTabChanged);

  return (
    <main class="panel">
      <header class="panel-header">
        <button type="button" class="quiet" aria-expanded={listOpen} onClick={() => setListOpen((open) => !open)}>
          Conversations
        </button>
        <h1 title={conversation.title}>{conversation.title}</h1>
        <button
          type="button"
          class="quiet"
          onClick={() => {
            chat.newChat();
            setListOpen(false);
          }}
          disabled={conversation.turns.length === 0}
        >
          New chat
        </button>
      </header>
      <EngineStatusLine />
      {listOpen ? (
        <ConversationList
          store={chat.store}
          currentId={conversation.id}
          revision={conversation.updatedAt + conversation.turns.length}
          onOpen={(id) => void chat.open(id).then(() => setListOpen(false))}
          onRename={chat.rename}
          onDeleted={chat.forget}
        />
      ) : (
        <>
          <ConversationHeader
            key={conversation.id}
            conversation={conversation}
            onSystemPrompt={(prompt) => void chat.setSystemPrompt(prompt)}
            onCpuModel={(model) => void chat.setCpuModel(model)}
          />
          <Transcript
            turns={conversation.turns}
            sources={conversation.sources}
            busy={state.streaming}
            progress={state.progress}
            onRegenerate={(id) => void chat.regenerate(id)}
            onEdit={(id, text) => void chat.editAndResend(id, text)}
            onShowQuote={({ sourceId, text, page }) =>
              sourceId && inkling.showQuote({ conversationId: conversation.id, sourceId, text, ...(page && { page }) })
            }
          />
        </>
      )}
      {state.storageError && (
        <p class="error storage-error" role="alert">
          {state.storageError}
        </p>
      )}
      <ContextChips context={state.context} onUse={chat.useActivePage} onRemove={chat.removeSource} />
      <Composer
        streaming={state.streaming}
        onSend={chat.send}
        onStop={chat.stop}
        listTabs={listOpenTabs}
        onAddTab={chat.addTab}
      />
    </main>
  );
}
