import { useLayoutEffect, useRef } from 'preact/hooks';
import { createMarkdownStream, type MarkdownStream } from '@/lib/markdown/stream';

interface Written {
  stream: MarkdownStream;
  text: string;
  ended: boolean;
}

/**
 * An answer rendered as markdown while it streams: each render writes only what was added since
 * the last, and the nodes already shown stay, so a selection survives the stream.
 */
export function MarkdownAnswer({ text, final }: { text: string; final: boolean }) {
  const container = useRef<HTMLDivElement>(null);
  const written = useRef<Written | undefined>(undefined);

  useLayoutEffect(() => {
    const element = container.current!;
    let current = written.current;
    // Not a continuation (another answer in its place): start again.
    if (!current || !text.startsWith(current.text)) {
      element.replaceChildren();
      current = written.current = { stream: createMarkdownStream(element), text: '', ended: false };
    }
    if (text.length > current.text.length) {
      current.stream.write(text.slice(current.text.length));
      current.text = text;
    }
    if (final && !current.ended) {
      current.stream.end();
      current.ended = true;
    }
  }, [text, final]);

  return <div class="answer" ref={container} />;
}
