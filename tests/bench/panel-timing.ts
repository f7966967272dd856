/** performance.now() in the side panel page, from the Enter key to the last answer text in the DOM. */
export interface PanelTiming {
  enterAt: number;
  firstTextAt: number;
  lastTextAt: number;
  /** How many times the answer's text grew in the DOM. */
  textMutations: number;
  /** Characters of answer text in the DOM at the end. */
  domChars: number;
  visibility: DocumentVisibilityState;
}

/**
 * Runs in the side panel (pass it to `page.evaluate` before pressing Enter): a capture listener notes
 * the Enter keydown before the composer sees it, and a MutationObserver on the transcript notes each
 * time the answer's text grows. `window.panelTiming` resolves when the answer is no longer streaming.
 * Self-contained: Playwright sends its source to the page.
 */
export function instrumentPanel(): void {
  const transcript = document.querySelector('section[aria-label="Conversation"]');
  if (!transcript) throw new Error('No transcript in the side panel');
  let enterAt: number | undefined;
  let firstTextAt: number | undefined;
  let lastTextAt: number | undefined;
  let chars = 0;
  let textMutations = 0;
  let visibility = document.visibilityState;
  const onKey = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && enterAt === undefined) {
      enterAt = performance.now();
      visibility = document.visibilityState;
    }
  };
  window.addEventListener('keydown', onKey, true);
  (window as unknown as { panelTiming: Promise<PanelTiming> }).panelTiming = new Promise((resolve, reject) => {
    const observer = new MutationObserver(() => {
      const now = performance.now();
      const articles = transcript.querySelectorAll<HTMLElement>('article[aria-label="Inkling"]');
      const article = articles[articles.length - 1];
      if (!article || enterAt === undefined) return;
      const length = article.querySelector('.answer')?.textContent?.length ?? 0;
      if (length > chars) {
        chars = length;
        textMutations++;
        firstTextAt ??= now;
        lastTextAt = now;
      }
      const status = article.dataset.status;
      if (status === 'streaming') return;
      observer.disconnect();
      window.removeEventListener('keydown', onKey, true);
      if (status !== 'done' || firstTextAt === undefined || lastTextAt === undefined) {
        reject(new Error(`The answer ended ${status} with ${chars} characters`));
        return;
      }
      resolve({ enterAt, firstTextAt, lastTextAt, textMutations, domChars: chars, visibility });
    });
    observer.observe(transcript, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
      attributeFilter: ['data-status'],
    });
  });
}
