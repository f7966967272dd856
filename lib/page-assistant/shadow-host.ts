/** The host element's tag: stable, so end-to-end tests can find the host (never what is inside it). */
export const HOST_TAG = 'inkling-page-assistant';

/**
 * The host's own styles, inline and !important so that no page rule outranks them: reset every
 * inherited and page-set property, sit above everything, take no room and no clicks of its own.
 */
const HOST_STYLE = [
  'all: initial',
  'display: block',
  'position: fixed',
  'top: 0',
  'left: 0',
  'width: 0',
  'height: 0',
  'margin: 0',
  'padding: 0',
  'border: 0',
  'overflow: visible',
  'z-index: 2147483647',
  'pointer-events: none',
  'transform: none',
  'filter: none',
  'contain: none',
  'visibility: visible',
  'opacity: 1',
]
  .map((rule) => `${rule} !important`)
  .join('; ');

/**
 * Events that stay inside Inkling's UI: the page's own shortcuts and click-outside handlers must not see our typing
 * and clicks.
 */
const CONTAINED_EVENTS = [
  'keydown',
  'keyup',
  'keypress',
  'beforeinput',
  'input',
  'change',
  'mousedown',
  'mouseup',
  'click',
  'dblclick',
  'pointerdown',
  'pointerup',
  'touchstart',
  'touchend',
  'focusin',
  'focusout',
  'copy',
  'cut',
  'paste',
  'contextmenu',
  'selectstart',
];

export interface ShadowHost {
  /** The UI's root: a closed shadow root, so page scripts cannot read or reach into it. */
  readonly root: ShadowRoot;
  /** Puts the host on the page (again, should the page have removed it). */
  attach(): void;
  /** True for nodes of Inkling's UI, and for the host itself (events from inside are retargeted to it). */
  contains(node: Node): boolean;
  remove(): void;
}

/**
 * A host element on document.documentElement (outside <body>, which pages re-render) with a closed
 * shadow root that carries all of its own styles. No reference to the root is kept on the host or on
 * window; the content script's world is the only one that holds it.
 */
export function createShadowHost(doc: Document, css: string, mode: ShadowRootMode = 'closed'): ShadowHost {
  const host = doc.createElement(HOST_TAG);
  host.setAttribute('style', HOST_STYLE);
  // 'open' only in unit tests, which must look inside.
  const root = host.attachShadow({ mode });
  addStyles(doc, root, css);
  for (const type of CONTAINED_EVENTS) root.addEventListener(type, (event) => event.stopPropagation());

  return {
    root,
    attach() {
      if (host.parentNode !== doc.documentElement) doc.documentElement.append(host);
    },
    contains(node) {
      for (let current: Node | null = node; current; ) {
        if (current === host || current === root) return true;
        current = current.parentNode ?? (current instanceof ShadowRoot ? current.host : null);
      }
      return false;
    },
    remove() {
      host.remove();
    },
  };
}

/** A constructed style sheet where the browser has them (no page CSP applies to it), else a <style>. */
function addStyles(doc: Document, root: ShadowRoot, css: string) {
  const View = doc.defaultView;
  if (View && 'adoptedStyleSheets' in root && 'replaceSync' in View.CSSStyleSheet.prototype) {
    try {
      const sheet = new View.CSSStyleSheet();
      sheet.replaceSync(css);
      root.adoptedStyleSheets = [sheet];
      return;
    } catch {
      // Fall through to a <style> element.
    }
  }
  const style = doc.createElement('style');
  style.textContent = css;
  root.append(style);
}
