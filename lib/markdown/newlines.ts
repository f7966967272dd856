/**
 * smd only knows "\n": a "\r" would end up in the text and "\r\n\r\n" would not end a paragraph.
 * A "\r\n" split across two deltas must still become one newline, hence the state.
 */
export function createNewlineNormalizer(): (delta: string) => string {
  let afterCarriageReturn = false;
  return (delta) => {
    if (!delta) return delta;
    let text = afterCarriageReturn && delta.startsWith('\n') ? delta.slice(1) : delta;
    afterCarriageReturn = delta.endsWith('\r');
    if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');
    return text;
  };
}
