import { defineConfig } from 'wxt';
import { WLLAMA_WORKER_FILE } from './lib/browser/wllama-worker-file';
import { wllamaWorkerSource } from './scripts/wllama-worker-file';

const CHROME_ONLY = {
  // The Prompt API (`LanguageModel`) reached extensions without a trial token in Chrome 138.
  minimum_chrome_version: '138',
  // Cross-origin isolation for every extension page, so that the offscreen document (and its CPU
  // engine's worker) get SharedArrayBuffer and llama.cpp runs on several threads. An isolated page
  // loads cross-origin resources only when they are CORS-enabled or send Cross-Origin-Resource-Policy.
  // Firefox has no such keys: its extension pages are never cross-origin isolated.
  cross_origin_embedder_policy: { value: 'require-corp' },
  cross_origin_opener_policy: { value: 'same-origin' },
};

const FIREFOX_ONLY = {
  // A fixed id: Firefox keys an add-on's storage by it (an unsigned build loaded by hand included).
  // 140 is Debian's Firefox ESR, the one the tests run.
  // Nothing is collected: what leaves the machine goes to the model's download site or your server.
  browser_specific_settings: {
    gecko: {
      id: 'inkling@inkling.invalid',
      strict_min_version: '140.0',
      data_collection_permissions: { required: ['none'] },
    },
  },
};

export default defineConfig({
  // web-llm is one 6 MB module; it loads only in the offscreen document and the options page.
  vite: () => ({ build: { chunkSizeWarningLimit: 7_000 } }),
  hooks: {
    'build:publicAssets': (wxt, files) => {
      if (wxt.config.browser === 'firefox')
        files.push({ relativeDest: WLLAMA_WORKER_FILE, contents: wllamaWorkerSource() });
    },
  },
  // Firefox too takes Manifest V3 (WXT would build V2 for it by default).
  manifestVersion: 3,
  manifest: ({ browser }) => ({
    name: 'Inkling',
    description:
      'Language models on your own device or your own server, streamed into your browser. Nothing goes anywhere else.',
    ...(browser === 'firefox' ? FIREFOX_ONLY : CHROME_ONLY),
    // offscreen: the page that hosts the WebLLM and CPU engines; unlimitedStorage: downloaded models.
    // contextMenus, scripting + activeTab: the quick actions, and reading a page's text when the
    // user asks (a menu click or a command grants access to that tab only). tabs: the titles and
    // addresses of open tabs, for "Use this page" and `@` in the side panel.
    // Your server: its one origin is asked for at runtime, when the user saves its address.
    optional_host_permissions: ['http://*/*', 'https://*/*'],
    permissions: [
      ...(browser === 'firefox' ? [] : ['sidePanel', 'offscreen']),
      'unlimitedStorage',
      'storage',
      'contextMenus',
      'scripting',
      'activeTab',
      'tabs',
    ],
    commands: {
      _execute_action: { suggested_key: { default: 'Alt+Shift+I' }, description: 'Open Inkling' },
      'summarize-page': {
        suggested_key: { default: 'Alt+Shift+S' },
        description: 'Summarize this page in the side panel',
      },
      'ask-about-page': { suggested_key: { default: 'Alt+Shift+K' }, description: 'Ask about this page, on the page' },
      'translate-page': { suggested_key: { default: 'Alt+Shift+L' }, description: 'Translate this page' },
    },
    action: { default_title: 'Open Inkling' },
    // The page assistant's toolbar and card: extension frames that no page can read. A per-session
    // address (use_dynamic_url), so a page cannot probe for Inkling by loading them.
    web_accessible_resources: [
      {
        resources: ['page-toolbar.html', 'page-card.html', 'page-translation.html'],
        matches: ['<all_urls>'],
        use_dynamic_url: true,
      },
    ],
    // WebAssembly engines (llama.cpp) need 'wasm-unsafe-eval'; plain 'unsafe-eval' is rejected at install.
    content_security_policy: {
      extension_pages: "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'",
    },
  }),
});
