import { createMarkdownStream, type MarkdownStream } from '../../lib/markdown/stream';

/** Chunk sizes every streaming test runs with: a character at a time, a few, and all at once. */
export const CHUNK_SIZES = [1, 3, Infinity] as const;

export function chunksOf(text: string, size: number): string[] {
  if (!Number.isFinite(size)) return text ? [text] : [];
  const chunks: string[] = [];
  for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size));
  return chunks;
}

export interface Rendered {
  container: HTMLElement;
  stream: MarkdownStream;
  write(text: string): void;
  end(): void;
}

/** A stream into a fresh container in the document, fed `size` characters per write. */
export function streamInto(size: number, container?: HTMLElement): Rendered {
  container ??= document.body.appendChild(document.createElement('div'));
  const stream = createMarkdownStream(container);
  return {
    container,
    stream,
    write: (text) => {
      for (const chunk of chunksOf(text, size)) stream.write(chunk);
    },
    end: () => stream.end(),
  };
}

/** The whole of `markdown`, streamed and ended. */
export function render(markdown: string, size = Infinity): HTMLElement {
  const rendered = streamInto(size);
  rendered.write(markdown);
  rendered.end();
  return rendered.container;
}

export function textNodes(root: Node): Text[] {
  const walker = root.ownerDocument!.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */);
  const nodes: Text[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node as Text);
  return nodes;
}

/** Text as a reader sees it: runs of whitespace as one space. */
export function squash(text: string | null | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

/** The text of each cell, row by row. */
export function tableRows(table: Element): string[][] {
  return [...table.querySelectorAll('tr')].map((row) => [...row.children].map((cell) => squash(cell.textContent)));
}
