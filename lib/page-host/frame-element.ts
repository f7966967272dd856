import type { Placement, Size } from './position';

/**
 * Every property a page's CSS could use to hide, move or restyle the frame, set inline and
 * !important: an element's own important declarations outrank every rule of the page's sheets
 * (`* { all: unset !important }` included). Not `all: initial`, which would spell out every
 * property there is in the attribute.
 */
const FRAME_STYLE: Record<string, string> = {
  display: 'block',
  position: 'fixed',
  inset: 'auto',
  margin: '0',
  padding: '0',
  border: '0',
  'border-radius': '10px',
  'box-shadow': '0 6px 24px rgb(0 0 0 / 18%), 0 1px 3px rgb(0 0 0 / 12%)',
  background: 'transparent',
  overflow: 'hidden',
  'min-width': '0',
  'min-height': '0',
  'max-width': 'none',
  'max-height': 'none',
  'z-index': '2147483647',
  transform: 'none',
  translate: 'none',
  scale: 'none',
  rotate: 'none',
  filter: 'none',
  'clip-path': 'none',
  mask: 'none',
  opacity: '1',
  'pointer-events': 'auto',
  'color-scheme': 'normal',
  'box-sizing': 'content-box',
  'content-visibility': 'visible',
  contain: 'none',
  clip: 'auto',
  outline: 'none',
  'mix-blend-mode': 'normal',
  'backdrop-filter': 'none',
  float: 'none',
  'aspect-ratio': 'auto',
};

/** How long a closed frame stays on the page, hidden, before it is removed. */
const REMOVE_AFTER_MS = 100;

export interface FrameElement {
  readonly iframe: HTMLIFrameElement;
  /** The name in the frame's address, which the background knows it by. */
  readonly name: string;
  /** Puts the frame at `placement`, `size` big, and shows it. */
  show(placement: Placement, size: Size): void;
  /**
   * Puts the frame there, transparent and letting clicks through, so that its document lays out and
   * reports its size: Chrome does not render a cross-origin frame that is hidden or has no area.
   */
  measure(placement: Placement, size: Size): void;
  hide(): void;
  readonly shown: boolean;
  /** False once the frame left the page (removed by us or by the page: it cannot come back). */
  readonly alive: boolean;
  /** Takes it off the page; `later` (by default: when it has focus) hides it first and removes it soon after. */
  remove(later?: boolean): void;
}

/**
 * An iframe of the extension's own origin on the page: a plain built-in element with nothing in it
 * the page can read. It is navigated from inside (`location.replace`) rather than by `src`, so the
 * page does not see its (per-session) address either. Shown as a manual popover it sits in the top
 * layer: above every overlay, and out of reach of the page's transforms, clipping and stacking.
 */
export function createFrameElement(doc: Document, name: string, url: string): FrameElement {
  const iframe = doc.createElement('iframe');
  let shown = false;
  let removed = false;
  const set = (property: string, value: string) => iframe.style.setProperty(property, value, 'important');
  for (const [property, value] of Object.entries(FRAME_STYLE)) set(property, value);
  set('visibility', 'hidden');
  set('width', '0');
  set('height', '0');
  iframe.setAttribute('allow', 'clipboard-write');
  iframe.tabIndex = 0;
  const topLayer = typeof iframe.showPopover === 'function';
  if (topLayer) iframe.popover = 'manual';
  doc.documentElement.append(iframe);
  iframe.contentWindow?.location.replace(url);

  function raise() {
    if (!topLayer || !iframe.isConnected) return;
    // Again on top of any popover or dialog the page opened since.
    if (iframe.matches(':popover-open')) iframe.hidePopover();
    iframe.showPopover();
  }

  function place(placement: Placement, size: Size) {
    // The page may zoom its root with CSS: the frame undoes it, so that its pixels are the viewport's.
    const zoom = (doc.documentElement as { currentCSSZoom?: number }).currentCSSZoom ?? 1;
    set('zoom', String(1 / (zoom || 1)));
    set('left', `${Math.round(placement.left)}px`);
    set('top', placement.top === undefined ? 'auto' : `${Math.round(placement.top)}px`);
    set('bottom', placement.bottom === undefined ? 'auto' : `${Math.round(placement.bottom)}px`);
    set('width', `${Math.ceil(size.width)}px`);
    set('height', `${Math.ceil(size.height)}px`);
    set('visibility', 'visible');
  }

  return {
    iframe,
    name,
    show(placement, size) {
      place(placement, size);
      set('opacity', '1');
      set('pointer-events', 'auto');
      if (!shown) raise();
      shown = true;
    },
    measure(placement, size) {
      place(placement, size);
      set('opacity', '0');
      set('pointer-events', 'none');
      shown = false;
    },
    hide() {
      shown = false;
      set('visibility', 'hidden');
      set('width', '0');
      set('height', '0');
    },
    get shown() {
      return shown && iframe.isConnected;
    },
    get alive() {
      return !removed && iframe.isConnected;
    },
    remove(later = doc.activeElement === iframe) {
      shown = false;
      removed = true;
      if (!later) return iframe.remove();
      // The user is in it: gone from sight at once, from the page a moment later. A focused frame
      // taken away while the key or click that closed it is still being delivered leaves that
      // input nowhere to go.
      set('visibility', 'hidden');
      set('pointer-events', 'none');
      iframe.blur();
      setTimeout(() => iframe.remove(), REMOVE_AFTER_MS);
    },
  };
}
