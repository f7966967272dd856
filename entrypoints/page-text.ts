import { extractPageText } from '@/lib/page-text/extract';

// Injected into a tab on demand (chrome.scripting.executeScript), never on every page: readability
// is too big for the content script. Its result is what executeScript resolves with.
export default defineUnlistedScript(() => extractPageText(document));
