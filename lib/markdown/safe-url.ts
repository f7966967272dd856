/**
 * Model text chooses where links go, so a destination becomes an href only when it parses, on its
 * own, to an absolute URL with an allowed scheme. The parsed form is what gets set, so the browser
 * follows exactly what was checked (no tab-split `java\tscript:`, no relative path resolved
 * against the extension's own origin).
 */
const LINK_PROTOCOLS: ReadonlySet<string> = new Set(['http:', 'https:', 'mailto:']);
const IMAGE_PROTOCOLS: ReadonlySet<string> = new Set(['http:', 'https:']);

export function safeLinkHref(destination: string): string | undefined {
  return checked(linkDestination(destination), LINK_PROTOCOLS);
}

/** Images are never loaded; their address is only offered as a link, and never a mailto: one. */
export function safeImageHref(destination: string): string | undefined {
  return checked(linkDestination(destination), IMAGE_PROTOCOLS);
}

/**
 * A bare URL in prose usually ends at punctuation that belongs to the sentence ("see https://a.b.")
 * or closes a parenthesis opened before it; GFM's autolinks leave those out too.
 */
export function safeAutolinkHref(text: string): string | undefined {
  let url = text.trim();
  for (;;) {
    const last = url.at(-1);
    if (last && '.,:;!?\'"*_~'.includes(last)) url = url.slice(0, -1);
    else if (last === ')' && countChar(url, '(') < countChar(url, ')')) url = url.slice(0, -1);
    else break;
  }
  return checked(url, LINK_PROTOCOLS);
}

/** `[a](<url> "title")`: smd hands over everything between the parentheses. */
function linkDestination(raw: string): string {
  const text = raw.trim();
  if (text.startsWith('<')) {
    const close = text.indexOf('>');
    return close === -1 ? text : text.slice(1, close);
  }
  return text.split(/\s/, 1)[0] ?? '';
}

function checked(candidate: string, protocols: ReadonlySet<string>): string | undefined {
  if (!candidate) return undefined;
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return undefined; // relative or malformed
  }
  return protocols.has(url.protocol) ? url.href : undefined;
}

export function countChar(text: string, char: string): number {
  let n = 0;
  for (const c of text) if (c === char) n++;
  return n;
}
