/** Keys that move a selection made with Shift; Ctrl/⌘+A selects all. Other keys (Ctrl+C…) bring no toolbar back. */
const SELECTING_KEYS = new Set([
  'Shift',
  'ArrowLeft',
  'ArrowRight',
  'ArrowUp',
  'ArrowDown',
  'Home',
  'End',
  'PageUp',
  'PageDown',
]);
const isSelectingKey = (event: KeyboardEvent) =>
  event.key === 'Shift' ||
  (event.shiftKey && SELECTING_KEYS.has(event.key)) ||
  ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'a');

/** What the page assistant does on the page's events. */
export interface PageEventHandlers {
  /** Whether the event happened inside the assistant's own UI, which handles its own events. */
  isOwnTarget(event: Event): boolean;
  toolbarShown(): boolean;
  /** A selection may have been made or changed: read it once the user has finished. */
  selectionMayHaveChanged(): void;
  hideToolbar(): void;
  /** Escape outside the assistant's UI while the toolbar is hidden. */
  escape(): void;
  /** The page scrolled or the window changed size: what is shown follows its selection. */
  viewportMoved(): void;
}

/**
 * Listens to the page's events until `signal` aborts. Page scripts can start nothing: every listener
 * that acts takes the user's own (trusted) events only.
 */
export function listenToPage(doc: Document, win: Window, signal: AbortSignal, on: PageEventHandlers): void {
  const options = { capture: true, signal };
  doc.addEventListener(
    'mouseup',
    (event) => {
      if (event.isTrusted && event.button === 0 && !on.isOwnTarget(event)) on.selectionMayHaveChanged();
    },
    options,
  );
  doc.addEventListener(
    'keyup',
    (event) => {
      if (event.isTrusted && isSelectingKey(event) && !on.isOwnTarget(event)) on.selectionMayHaveChanged();
    },
    options,
  );
  doc.addEventListener(
    'mousedown',
    (event) => {
      if (event.isTrusted && !on.isOwnTarget(event)) on.hideToolbar();
    },
    options,
  );
  doc.addEventListener(
    'keydown',
    (event) => {
      if (!event.isTrusted || event.key !== 'Escape' || on.isOwnTarget(event)) return;
      if (on.toolbarShown()) on.hideToolbar();
      else on.escape();
    },
    options,
  );
  doc.addEventListener(
    'selectionchange',
    () => {
      if (!on.toolbarShown()) return;
      const selection = doc.getSelection();
      if (!selection || selection.isCollapsed || !selection.toString().trim()) on.hideToolbar();
    },
    { signal },
  );
  doc.addEventListener('scroll', () => on.viewportMoved(), { capture: true, passive: true, signal });
  win.addEventListener('resize', () => on.viewportMoved(), { passive: true, signal });
}
