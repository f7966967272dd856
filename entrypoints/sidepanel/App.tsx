import { EngineStatusLine } from './EngineStatusLine';
import { Composer } from './Composer';
import { Transcript } from './Transcript';
import { useChat } from './use-chat';

export function App() {
  const chat = useChat();
  return (
    <main class="panel">
      <header class="panel-header">
        <h1>Inkling</h1>
        <button type="button" class="quiet" onClick={chat.newChat} disabled={chat.turns.length === 0}>
          New chat
        </button>
      </header>
      <EngineStatusLine />
      <Transcript turns={chat.turns} />
      <Composer streaming={chat.streaming} onSend={chat.send} onStop={chat.stop} />
    </main>
  );
}
