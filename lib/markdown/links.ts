import { countChar } from './safe-url';

/** Makes `element` a link to `href` (already checked), opening apart from the answer; nothing for no href. */
export function setHref(element: HTMLElement, href: string | undefined): void {
  if (!href || element.localName !== 'a') return;
  element.setAttribute('href', href);
  element.setAttribute('rel', 'noopener noreferrer nofollow');
  element.setAttribute('target', '_blank');
}

export function hasUnbalancedParens(destination: string): boolean {
  return countChar(destination, '(') > countChar(destination, ')');
}

/**
 * smd ends a destination at its first ")", so `[Foo](https://en.wikipedia.org/wiki/Foo_(bar))`
 * arrives as the destination ".../Foo_(bar" followed by the text ")". CommonMark balances the
 * parentheses; this takes the ")" that the destination still needs from the start of that text.
 */
export function takeClosingParens(destination: string, text: string) {
  let taken = 0;
  while (text[taken] === ')' && hasUnbalancedParens(destination)) {
    destination += ')';
    taken++;
  }
  return { destination, taken, rest: text.slice(taken) };
}
