export const NEW_CONVERSATION_TITLE = 'New conversation';
const TITLE_CHARS = 60;

export function defaultTitle(firstQuestion: string): string {
  return clip(firstQuestion, TITLE_CHARS) || NEW_CONVERSATION_TITLE;
}

/** One line, cut at a word when one ends late enough, so a title does not stop mid-word. */
export function clip(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  if (line.length <= max) return line;
  let cut = line.slice(0, isHighSurrogate(line, max - 1) ? max - 1 : max);
  const space = cut.lastIndexOf(' ');
  if (space > max / 2) cut = cut.slice(0, space);
  return `${cut.trimEnd()}…`;
}

export const isHighSurrogate = (text: string, index: number) => /[\uD800-\uDBFF]/.test(text.charAt(index));
