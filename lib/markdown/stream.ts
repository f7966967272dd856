import * as smd from 'streaming-markdown';
import { createNewlineNormalizer } from './newlines';
import { DomRenderer } from './renderer';
import { recoverRunaway } from './runaway';

export interface MarkdownStream {
  /** Renders the next piece of the answer; costs work in proportion to `delta`. */
  write(delta: string): void;
  /** The answer is complete: flushes what smd held back and settles what never closed. Later calls do nothing. */
  end(): void;
}

export interface MarkdownStreamOptions {
  /** The document that creates the nodes; by default the container's own (right inside a shadow root, too). */
  document?: Document;
}

/**
 * Renders markdown into `container` as it streams, appending only: nodes already shown are never
 * replaced, so people can select and copy while the answer is still being written.
 */
export function createMarkdownStream(container: HTMLElement, options: MarkdownStreamOptions = {}): MarkdownStream {
  const doc = options.document ?? container.ownerDocument;
  container.classList.add('md');
  let parser: smd.Parser | undefined;
  const dom = new DomRenderer(container, doc, () => parser!);
  const p = smd.parser(dom.renderer);
  parser = p;
  const normalize = createNewlineNormalizer();
  // A blank line is one with nothing but whitespace, wherever the deltas cut it.
  const recent = { blankLine: false, lineHasText: false, lines: 0 };
  let ended = false;
  let recoveries = 0;

  /** Writes one line's worth (ending at its newline, if any), then checks for a runaway token. */
  const writeLine = (line: string) => {
    smd.parser_write(p, line);
    const ends = line.endsWith('\n');
    recent.lineHasText ||= /\S/.test(line);
    recent.blankLine = ends && !recent.lineHasText && recent.lines > 0;
    if (ends) {
      recent.lines++;
      recent.lineHasText = false;
    }
    const held = recoverRunaway(p, recent, () => dom.close('runaway'));
    if (held !== undefined) {
      recoveries++;
      writeText(held);
    }
  };

  // A runaway token is caught at the end of a line, so a delta is written line by line; most
  // deltas hold no newline and go to the parser in one call.
  const writeText = (text: string) => {
    let start = 0;
    for (let newline = text.indexOf('\n'); newline !== -1; newline = text.indexOf('\n', start)) {
      writeLine(text.slice(start, newline + 1));
      start = newline + 1;
    }
    if (start < text.length) writeLine(text.slice(start));
  };

  return {
    write(delta) {
      if (ended) return;
      const text = normalize(delta);
      if (text) writeText(text);
    },
    end() {
      if (ended) return;
      ended = true;
      // What smd's own end does (a newline if it holds characters back), through writeLine: that
      // newline can reveal a runaway, whose text then needs its own end.
      let seen: number;
      do {
        seen = recoveries;
        if (p.pending.length > 0) writeLine('\n');
      } while (recoveries !== seen);
      dom.finish();
    },
  };
}
