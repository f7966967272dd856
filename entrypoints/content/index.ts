import { defineContentScript } from 'wxt/utils/define-content-script';
import { startPageAssistant } from '@/lib/page-assistant/start';

// The page assistant: the toolbar on a selection, the answer card, "Ask about this page". It runs on
// every page, so it stays small; see lib/page-assistant.
export default defineContentScript({
  matches: ['<all_urls>'],
  runAt: 'document_idle',
  main(ctx) {
    ctx.onInvalidated(startPageAssistant());
  },
});
