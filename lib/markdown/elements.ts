/**
 * Every element the renderer makes comes from here, and only these tags exist: whatever the model
 * writes, it can add text to them but never choose a tag or an attribute.
 */
const TAGS = [
  'a',
  'blockquote',
  'br',
  'button',
  'code',
  'del',
  'div',
  'em',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'input',
  'li',
  'ol',
  'p',
  'pre',
  'span',
  'strong',
  'table',
  'tbody',
  'td',
  'th',
  'thead',
  'tr',
  'ul',
] as const;

export type AllowedTag = (typeof TAGS)[number];

export const ALLOWED_TAGS: ReadonlySet<string> = new Set(TAGS);

export function createElement<K extends AllowedTag>(
  doc: Document,
  tag: K,
  className?: string,
): HTMLElementTagNameMap[K] {
  // The type already limits the tag; this also stops a cast from slipping one through.
  if (!ALLOWED_TAGS.has(tag)) throw new Error(`<${tag}> is not an allowed markdown element`);
  const element = doc.createElement(tag);
  if (className) element.className = className;
  return element;
}
