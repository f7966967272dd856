import type { OpenTab } from './page-context';

/** An `@` being typed just before the caret: where it starts, and what follows it so far. */
export interface Mention {
  start: number;
  query: string;
}

/** The `@` before the caret, at the start of the text or after a space; e-mail addresses are not one. */
export function mentionAt(text: string, caret: number): Mention | undefined {
  const match = /(?:^|\s)@([^\s@]*)$/.exec(text.slice(0, caret));
  return match ? { start: caret - match[1]!.length - 1, query: match[1]! } : undefined;
}

/** The open tabs whose title or address contains the query, ignoring case. */
export function matchingTabs(tabs: readonly OpenTab[], query: string): OpenTab[] {
  const wanted = query.toLocaleLowerCase();
  return tabs.filter((tab) => `${tab.title} ${tab.url}`.toLocaleLowerCase().includes(wanted));
}

/** The text once a tab is picked: the `@` and its query go, the chip names the tab instead. */
export const withoutMention = (text: string, mention: Mention, caret: number) =>
  text.slice(0, mention.start) + text.slice(caret);

/** Arrow keys move through the list and wrap around. */
export const moveChoice = (index: number, by: 1 | -1, count: number) =>
  count === 0 ? 0 : (index + by + count) % count;
