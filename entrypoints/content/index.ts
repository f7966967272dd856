import { defineContentScript } from 'wxt/utils/define-content-script';
import { startPageHost } from '@/lib/page-host/start';

// The page assistant's part in the page: it sees selections and places the toolbar and card, which
// are extension frames the page cannot read (lib/page-host). It runs on every page, so it stays small.
export default defineContentScript({
  matches: ['<all_urls>'],
  runAt: 'document_idle',
  main(ctx) {
    ctx.onInvalidated(startPageHost());
  },
});
