/**
 * The few DOM helpers the page assistant's UI is built with. No framework: the content script runs
 * on every page, so it stays small.
 */

export interface ElementOptions {
  class?: string;
  text?: string;
  attrs?: Record<string, string>;
}

export function el<K extends keyof HTMLElementTagNameMap>(
  doc: Document,
  tag: K,
  options: ElementOptions = {},
  children: Node[] = [],
): HTMLElementTagNameMap[K] {
  const element = doc.createElement(tag);
  if (options.class) element.className = options.class;
  if (options.text !== undefined) element.textContent = options.text;
  for (const [name, value] of Object.entries(options.attrs ?? {})) element.setAttribute(name, value);
  element.append(...children);
  return element;
}

/**
 * Listens for `type` from the user only. Page scripts cannot reach inside the closed shadow root, but
 * an event they make (`isTrusted` false) is refused here too, should one ever get in.
 */
export function onTrusted<K extends keyof HTMLElementEventMap>(
  target: HTMLElement,
  type: K,
  listener: (event: HTMLElementEventMap[K]) => void,
): void {
  target.addEventListener(type, (event) => {
    if (event.isTrusted) listener(event as HTMLElementEventMap[K]);
  });
}

/** A real <button>, named by its text (or `label` when its text is a symbol), acting on the user's clicks only. */
export function button(
  doc: Document,
  text: string,
  onPress: (event: MouseEvent) => void,
  options: { class?: string; label?: string; attrs?: Record<string, string> } = {},
): HTMLButtonElement {
  const element = el(doc, 'button', {
    class: options.class,
    text,
    attrs: { type: 'button', ...(options.label && { 'aria-label': options.label }), ...options.attrs },
  });
  onTrusted(element, 'click', onPress);
  return element;
}
