import { createElement } from './elements';

/**
 * How many top-level blocks share a group. Chromium lays a block container out by walking all its
 * children, even the unchanged ones, so a flat answer of N blocks costs O(N) layout on every
 * delta. Grouping bounds that walk at about N / GROUP_SIZE groups plus GROUP_SIZE blocks: measured
 * in tests/bench/markdown.bench.ts, a 20,000-token answer's last deltas then cost about what its
 * first ones do.
 */
export const GROUP_SIZE = 32;

/**
 * Hands out the element each new top-level block goes into: a plain <div class="md-group">,
 * filled in order and never reorganised, so no block moves once placed.
 */
export function createBlockGroups(root: HTMLElement, doc: Document) {
  let current: HTMLElement | undefined;
  let count = 0;
  return {
    /** The group for a new block. */
    next(): HTMLElement {
      if (!current || count >= GROUP_SIZE) {
        current = root.appendChild(createElement(doc, 'div', 'md-group'));
        count = 0;
      }
      count++;
      return current;
    },
    /** The group content that is not a block of its own goes into. */
    current(): HTMLElement {
      return current ?? this.next();
    },
  };
}
