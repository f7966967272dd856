// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { streamInto, textNodes } from '../../tests/unit/markdown-harness';

const ANSWER = `# Plan

Paragraph with *em*, **strong**, \`code\`, [a link](https://example.com/x_(y)) and [1].
A second line, snake_case, and **unclosed

1. one
2. two
   - [x] nested task

| a | b |
|---|---|
| 1 | 2 |

\`\`\`ts
const x = 1;
const y = 2;
\`\`\`

> quote with [broken](https://example.com/no-close
and more $HOME

Tail *open`;

/** Deterministic delta sizes between 1 and 7, like tokens of varying length. */
function deltas(text: string): string[] {
  const out: string[] = [];
  let seed = 7;
  for (let i = 0; i < text.length; ) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const size = 1 + (seed % 7);
    out.push(text.slice(i, i + size));
    i += size;
  }
  return out;
}

describe('text already shown', () => {
  it('stays in the same nodes while the rest streams in: text only grows at its end, nothing moves', () => {
    const md = streamInto(Infinity);
    const seenText = new Map<Text, string>();
    const seenParents = new Map<Node, Node | null>();
    const check = () => {
      for (const [node, data] of seenText) {
        expect(node.isConnected).toBe(true);
        expect(md.container.contains(node)).toBe(true);
        expect(node.data.startsWith(data), `"${node.data}" should start with "${data}"`).toBe(true);
      }
      for (const [node, parent] of seenParents) expect(node.parentNode).toBe(parent);
    };
    const record = () => {
      for (const node of textNodes(md.container)) seenText.set(node, node.data);
      for (const node of md.container.querySelectorAll('*')) seenParents.set(node, node.parentNode);
    };
    for (const delta of deltas(ANSWER)) {
      md.write(delta);
      check();
      record();
    }
    md.end();
    check();
    expect(seenText.size).toBeGreaterThan(20);
  });

  it('keeps the very nodes a reader may have selected', () => {
    const md = streamInto(1);
    md.write('First paragraph is here.\n\nSecond **bold text');
    const first = md.container.querySelector('p')!;
    const firstText = first.firstChild as Text;
    const bold = md.container.querySelector('strong')!;
    const boldText = bold.firstChild as Text;
    const before = boldText.data;

    md.write(' continues** and ends.\n\n```\ncode\n```\n');
    md.end();
    expect(md.container.querySelector('p')).toBe(first);
    expect(first.firstChild).toBe(firstText);
    expect(firstText.data).toBe('First paragraph is here.');
    expect(md.container.querySelector('strong')).toBe(bold);
    expect(bold.firstChild).toBe(boldText);
    expect(boldText.isConnected).toBe(true);
    expect(boldText.data.startsWith(before)).toBe(true);
    expect(boldText.data).toBe('bold text continues');
  });

  it('grows one text node per run of text rather than one per delta', () => {
    const md = streamInto(1);
    md.write('A fairly long sentence written one character at a time.');
    md.end();
    expect(textNodes(md.container)).toHaveLength(1);
  });
});
