// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMarkdownStream } from './stream';

const MARKDOWN = '# Title\n\nText with **bold** and [a link](https://example.com).\n\n```sh\nls\n```\n';

describe('where the answer is rendered', () => {
  afterEach(() => vi.restoreAllMocks());

  it('works inside a closed shadow root', () => {
    const host = document.body.appendChild(document.createElement('div'));
    const shadow = host.attachShadow({ mode: 'closed' });
    const container = shadow.appendChild(document.createElement('div'));
    const stream = createMarkdownStream(container);
    for (const char of MARKDOWN) stream.write(char);
    stream.end();
    expect(container.querySelector('h1')?.textContent).toBe('Title');
    expect(container.querySelector('a')?.getAttribute('href')).toBe('https://example.com/');
    expect(container.querySelector('.md-code button')).not.toBeNull();
    // Nothing leaks into the page outside the shadow root.
    expect(document.querySelector('h1, .md-code')).toBeNull();
  });

  it("creates nodes with the container's own document, not the global one", () => {
    const other = document.implementation.createHTMLDocument('card');
    const container = other.body.appendChild(other.createElement('div'));
    const createElement = vi.spyOn(document, 'createElement');
    const createTextNode = vi.spyOn(document, 'createTextNode');
    const stream = createMarkdownStream(container);
    stream.write(MARKDOWN);
    stream.end();
    expect(createElement).not.toHaveBeenCalled();
    expect(createTextNode).not.toHaveBeenCalled();
    for (const element of container.querySelectorAll('*')) expect(element.ownerDocument).toBe(other);
    expect(container.querySelector('strong')?.textContent).toBe('bold');
  });

  it('uses the document it is given', () => {
    const other = document.implementation.createHTMLDocument('card');
    const container = document.createElement('div');
    const createElement = vi.spyOn(other, 'createElement');
    const stream = createMarkdownStream(container, { document: other });
    stream.write('*hi*');
    stream.end();
    expect(createElement).toHaveBeenCalledWith('em');
  });
});
