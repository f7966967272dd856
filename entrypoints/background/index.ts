import { openConversationStore } from '@/lib/chat/store';
import { BuiltinEngine, FIREFOX_HAS_NO_BUILTIN } from '@/lib/engines/builtin';
import { ENGINE_LABELS } from '@/lib/contracts/engine';
import { EnginePicker } from '@/lib/engines/picker';
import { SummarizerEngine } from '@/lib/engines/summarizer';
import { TranslatorEngine } from '@/lib/engines/translator';
import { createHostClient } from '@/lib/engines/remote/host-client';
import { HOST_PORT_NAME } from '@/lib/engines/remote/protocol';
import { RemoteEngine } from '@/lib/engines/remote/remote-engine';
import { loadSettings, watchSettings } from '@/lib/settings/settings-item';
import { ServerEngine } from '@/lib/engines/server/server-engine';
import { watchServerKey } from '@/lib/settings/server-key';
import { PORT_NAME } from '@/lib/contracts/protocol';
import { senderRole } from '@/lib/stream/capabilities';
import { isOwnPort } from '@/lib/stream/sender';
import { createStreamServer } from '@/lib/stream/server';
import { createConversationWriter } from '@/lib/chat/conversation-writer';
import { createTaskRouter } from '@/lib/tasks/task-router';
import { createPageAnswers } from '@/lib/tasks/page-answers';
import { createTaskService } from '@/lib/tasks/task-service';
import { keepAliveWhileBusy } from './keep-alive';
import { pageText } from './page-text';
import { registerPageTasks } from './page-tasks';
import { registerPageFrames } from './page-frames';
import { createPageTranslator } from '@/lib/translate/page-translator';
import { createWritingTools } from '@/lib/writing/writing-tools';
import { FRAME_PORT_NAME } from '@/lib/contracts/page';
import { createQuoteShower } from './show-quote';
import { closeEnginePage, isEnginePage, openEnginePage } from '@/lib/browser/engine-page';
import { keepSettingsFromContentScripts } from '@/lib/browser/settings-access';
import { openSidePanelFromToolbar } from '@/lib/browser/side-panel';
import { configureServerEngine } from './server-config';

export default defineBackground(() => {
  keepSettingsFromContentScripts();
  openSidePanelFromToolbar();

  let settings = loadSettings();
  const host = createHostClient({
    async openDocument() {
      host.configure(await settings);
      await openEnginePage();
    },
  });
  const serverEngine = new ServerEngine({ extensionOrigin: new URL(browser.runtime.getURL('/')).origin });
  let serverConfigured = settings.then((loaded) => configureServerEngine(serverEngine, loaded));
  const picker = new EnginePicker(
    [
      // First in Auto: a server the user set up is there for a reason; when it does not answer, the next one does.
      serverEngine,
      new BuiltinEngine(import.meta.env.FIREFOX ? FIREFOX_HAS_NO_BUILTIN : undefined),
      new RemoteEngine('webllm', ENGINE_LABELS.webllm, host),
      new RemoteEngine('cpu', ENGINE_LABELS.cpu, host),
    ],
    {
      preference: async () => {
        await serverConfigured;
        return (await settings).engine;
      },
    },
  );
  // Opened on first use, not at every start of the worker.
  let store: ReturnType<typeof openConversationStore> | undefined;
  const conversations = () => (store ??= openConversationStore());
  const router = createTaskRouter({
    // The panel could not open: the page's card answers instead.
    runInPage: async (tabId, task) => {
      if (task.kind === 'prompt') await pageFrames.relay.openCard(tabId, { kind: 'answer', title: task.label, task });
    },
  });
  const writer = createConversationWriter(conversations);
  const pageAnswers = createPageAnswers();
  const pageTasks = registerPageTasks({ router, settings: () => settings });
  // Chrome's task APIs, looked up when used: a test's fakes, or a browser that gains one, count.
  const api = <T>(name: string) => (globalThis as Record<string, unknown>)[name] as T | undefined;
  const pageTranslator = createPageTranslator({
    translatorApi: () => api<typeof Translator>('Translator'),
    detectorApi: () => api<typeof LanguageDetector>('LanguageDetector'),
    complete: (prompt, signal) => server.complete(prompt, signal),
    engineLabel: async () => (await picker.pick()).engine?.label ?? 'your engine',
    target: () => navigator.language,
  });
  browser.tabs.onRemoved.addListener((tabId) => pageTranslator.forget(tabId));
  const writingTools = createWritingTools({
    proofreaderApi: () => api<typeof Proofreader>('Proofreader'),
    rewriterApi: () => api<typeof Rewriter>('Rewriter'),
    writerApi: () => api<typeof Writer>('Writer'),
    complete: (prompt, signal) => server.complete(prompt, signal),
    language: () => navigator.language,
  });
  const pageFrames = registerPageFrames({
    router,
    settings: () => settings,
    writer,
    pageAnswers,
    translation: pageTranslator,
    writing: writingTools,
  });
  // A tab that closes takes its card's answers with it.
  browser.tabs.onRemoved.addListener((tabId) => pageAnswers.forget(tabId));
  const taskService = createTaskService({
    writer,
    readPage: (tabId) => pageText(tabId, (url) => host.request({ type: 'read-pdf', url })),
    language: () => navigator.language,
    systemPrompt: async () => (await settings).defaultSystemPrompt,
    contextInfo: async (conversationId) => (await picker.pick()).engine?.contextInfo(conversationId) ?? {},
    embedder: () => serverEngine.embedder(),
  });
  browser.runtime.onInstalled.addListener(() => void settings.then(pageTasks.rebuildMenus));
  const server = createStreamServer({
    picker,
    tasks: router,
    summarizer: new SummarizerEngine(),
    translator: new TranslatorEngine(),
    onBusyChange: keepAliveWhileBusy(),
    taskService,
    pageAnswers,
    showQuote: createQuoteShower(conversations),
    sampling: async () => (await settings).sampling,
    answers: {
      update: async ({ conversationId, turnId }, patch) =>
        (await conversations()).updateTurn(conversationId, turnId, patch),
    },
  });
  // Answers that were streaming when the browser closed or crashed end as 'stopped', text kept.
  browser.runtime.onStartup.addListener(() => {
    conversations()
      .then((opened) => opened.recoverInterrupted())
      .catch((error: unknown) => console.error('Inkling could not recover interrupted answers', error));
  });

  watchSettings((changed) => {
    settings = Promise.resolve(changed);
    serverConfigured = configureServerEngine(serverEngine, changed);
    host.configure(changed);
    void server.refresh();
    void pageTasks.rebuildMenus(changed);
    void pageFrames.settingsChanged();
  });
  watchServerKey(() => {
    serverConfigured = settings.then((current) => configureServerEngine(serverEngine, current));
    void server.refresh();
  });
  // The engines' page holds a model in memory: it goes when it has been idle for the set time.
  host.onIdle(() => void closeEnginePage());

  browser.runtime.onConnect.addListener((port) => {
    if (port.name === HOST_PORT_NAME && port.sender?.id === browser.runtime.id && isEnginePage(port.sender.url)) {
      host.attach(port);
    } else if (port.name === FRAME_PORT_NAME && port.sender?.id === browser.runtime.id) {
      pageFrames.relay.connect(port);
    } else if (isOwnPort(port, PORT_NAME, browser.runtime.id, browser.runtime.getURL('/'))) {
      server.connect(port, senderRole(port, browser.runtime.getURL('/')));
    } else {
      port.disconnect();
    }
  });
});
