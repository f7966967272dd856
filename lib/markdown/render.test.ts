// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { GROUP_SIZE } from './block-groups';
import { LINES_PER_CHUNK } from './code-block';
import { createMarkdownStream } from './stream';
import { CHUNK_SIZES, chunksOf, render, squash, tableRows, textNodes } from '../../tests/unit/markdown-harness';

const SAMPLE =
  `# Streaming answers

Some *emphasis*, **strong**, ~~strike~~, \`inline code\`, ` +
  `a [link](https://example.com/a?q=1) and https://example.org/docs.
A second line.

## Lists

1. First step
2. Second step
   - nested bullet
   - another *one*
3. Third

- [x] done task
- [ ] open task

5. starts at five
6. six

> A quote with **bold**

---

| Name | Value |
|------|------:|
| a    | 1     |
| b    | \`2\`   |

\`\`\`typescript
function add(a: number, b: number): number {
  return a + b; // *stars* and \`ticks\` stay literal
}
\`\`\`

    indented code

Final paragraph with a [citation], snake_case_name and <b>html</b>.
`;

describe('createMarkdownStream renders', () => {
  it('headings, paragraphs, emphasis, strike, inline code and line breaks', () => {
    const root = render('# One\n\n###### Six\n\nA *b* _c_ **d** __e__ ***f*** ~~g~~ `h` ``i ` j``\nnext line');
    expect(root.querySelector('h1')?.textContent).toBe('One');
    expect(root.querySelector('h6')?.textContent).toBe('Six');
    const p = root.querySelector('p')!;
    expect([...p.querySelectorAll('em')].map((e) => e.textContent)).toEqual(['b', 'c', 'f']);
    expect([...p.querySelectorAll('strong')].map((e) => e.textContent)).toEqual(['d', 'e', 'f']);
    expect(p.querySelector('strong > em')?.textContent).toBe('f');
    expect(p.querySelector('del')?.textContent).toBe('g');
    expect([...p.querySelectorAll('code')].map((e) => e.textContent)).toEqual(['h', 'i ` j']);
    expect(p.querySelector('br')).not.toBeNull();
    expect(p.innerHTML).toMatch(/j<\/code><br>next line$/);
  });

  it('ordered lists with their start, nested lists and task lists', () => {
    const root = render('3. three\n4. four\n   - inner *x*\n   - [x] done\n   - [ ] todo\n5. five\n');
    const ol = root.querySelector('ol')!;
    expect(ol.getAttribute('start')).toBe('3');
    expect([...ol.children].map((li) => li.localName)).toEqual(['li', 'li', 'li']);
    const inner = ol.children[1]!.querySelector('ul')!;
    expect([...inner.children].map((li) => squash(li.textContent))).toEqual(['inner x', 'done', 'todo']);
    const boxes = [...inner.querySelectorAll('input')];
    expect(boxes.map((box) => [box.type, box.disabled, box.checked])).toEqual([
      ['checkbox', true, true],
      ['checkbox', true, false],
    ]);
    expect(inner.children[1]!.classList.contains('md-task')).toBe(true);
    expect(render('1. one\n2. two').querySelector('ol')!.hasAttribute('start')).toBe(false);
  });

  it('quotes, rules and tables with a header row', () => {
    const root = render('> quoted **text**\n\n---\n\n| h1 | h2 |\n|---|---|\n| a | b |\n| c | d |\n');
    expect(squash(root.querySelector('blockquote')?.textContent)).toBe('quoted text');
    expect(root.querySelector('hr')).not.toBeNull();
    const table = root.querySelector('.md-table > table')!;
    expect(table.querySelectorAll('thead th')).toHaveLength(2);
    expect(table.querySelectorAll('tbody td')).toHaveLength(4);
    expect(tableRows(table)).toEqual([
      ['h1', 'h2'],
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });

  it('fenced code with its language, a Copy button, and literal content', () => {
    const root = render('```ts\nconst a = `*x*`;\n<b>no</b>\n```\n');
    const block = root.querySelector('.md-code')!;
    expect(block.querySelector('.md-code-lang')?.textContent).toBe('ts');
    const button = block.querySelector('button')!;
    expect(button.type).toBe('button');
    expect(button.textContent).toBe('Copy code');
    const code = block.querySelector('pre > code')!;
    expect(code.textContent).toBe('const a = `*x*`;\n<b>no</b>');
    expect([...code.querySelectorAll('*')].map((e) => e.className)).toEqual(['md-code-lines']);
  });

  it.each([1, 4, Infinity])(
    `splits long code into blocks of ${LINES_PER_CHUNK} lines, keeping its text exact (%s characters per write)`,
    (size) => {
      const lines = Array.from({ length: LINES_PER_CHUNK * 2 + 3 }, (_, i) => (i % 10 === 9 ? '' : `  line(${i});`));
      const root = render(`\`\`\`js\n${lines.join('\n')}\n\`\`\`\n`, size);
      const code = root.querySelector('code')!;
      expect(code.textContent).toBe(lines.join('\n'));
      const chunks = [...code.children].map((chunk) => chunk.textContent!);
      expect(chunks.map((chunk) => chunk.split('\n').length - 1)).toEqual([LINES_PER_CHUNK, LINES_PER_CHUNK, 2]);
      expect(chunks.slice(0, -1).every((chunk) => chunk.endsWith('\n'))).toBe(true);
      expect([...code.children].every((chunk) => chunk.childNodes.length === 1)).toBe(true);
    },
  );

  it('indented code and fences without a language get a neutral label', () => {
    const root = render('    indented\n    code\n\n```\nplain\n```\n');
    const blocks = [...root.querySelectorAll('.md-code')];
    expect(blocks.map((b) => b.querySelector('code')?.textContent)).toEqual(['indented\ncode', 'plain']);
    expect(blocks.map((b) => b.querySelector('.md-code-lang')?.textContent)).toEqual(['code', 'code']);
  });

  it('keeps only the first word of a long info string as the label', () => {
    const root = render('```python title="x.py" linenums\npass\n```\n');
    expect(root.querySelector('.md-code-lang')?.textContent).toBe('python');
  });

  it('math as its source, with its delimiters', () => {
    const root = render('Inline $x^2$ here.\n\n$$\nE = mc^2\n$$\n');
    expect(root.querySelector('span.md-math')?.textContent).toBe('$x^2$');
    expect(root.querySelector('div.md-math')?.textContent).toBe('$$\nE = mc^2\n$$');
  });

  it('keeps underscores inside words literal', () => {
    const root = render('use snake_case_name and my_var, but _this_ is emphasis\n');
    expect(squash(root.textContent)).toBe('use snake_case_name and my_var, but this is emphasis');
    expect([...root.querySelectorAll('em:not(.md-literal)')].map((e) => e.textContent)).toEqual(['this']);
  });

  it('keeps brackets that were not a link', () => {
    const root = render('See [1] and arr[0], or [a [b] c].\n');
    expect(squash(root.textContent)).toBe('See [1] and arr[0], or [a [b] c].');
    expect(root.querySelector('a[href]')).toBeNull();
  });

  it.each(CHUNK_SIZES)('balances parentheses in a link destination (%s characters per write)', (size) => {
    const root = render('([Foo](https://en.wikipedia.org/wiki/Foo_(bar))) and [x](https://e.com/a_(b_(c))).\n', size);
    expect([...root.querySelectorAll('a')].map((a) => a.getAttribute('href'))).toEqual([
      'https://en.wikipedia.org/wiki/Foo_(bar)',
      'https://e.com/a_(b_(c))',
    ]);
    expect(squash(root.textContent)).toBe('(Foo) and x.');
  });

  it.each(CHUNK_SIZES)('never leaves text outside a cell or a list item (%s characters per write)', (size) => {
    const root = render('x\n| a | b |\n|---|---|\nz *i* |\n| 1 | 2 |\n\n- item\n', size);
    for (const node of textNodes(root))
      expect(['table', 'thead', 'tbody', 'tr', 'ul', 'ol']).not.toContain(node.parentElement?.localName);
    expect(squash(root.querySelector('table')?.textContent)).toBe('a b z i 1 2');
  });

  it('links a bare URL without the punctuation that ends the sentence', () => {
    const root = render('Docs: https://example.org/docs. More (see https://example.org/x).\n');
    expect([...root.querySelectorAll('a')].map((a) => a.getAttribute('href'))).toEqual([
      'https://example.org/docs',
      'https://example.org/x',
    ]);
  });

  it('treats "\\r\\n" as a newline, even split across deltas', () => {
    const container = document.createElement('div');
    const stream = createMarkdownStream(container);
    for (const delta of ['First\r', '\n\r', '\nSecond\r\n']) stream.write(delta);
    stream.end();
    expect([...container.querySelectorAll('p')].map((p) => p.textContent)).toEqual(['First', 'Second']);
    expect(container.textContent).not.toContain('\r');
  });

  it('marks its container so markdown.css applies', () => {
    expect(render('x').classList.contains('md')).toBe(true);
  });

  it.each(CHUNK_SIZES.filter(Number.isFinite).concat([2, 4, 5, 7, 13]))(
    'gives the same DOM whether the text comes whole or %s characters at a time',
    (size) => {
      expect(render(SAMPLE, size).innerHTML).toBe(render(SAMPLE).innerHTML);
    },
  );

  it('renders the sample as expected', () => {
    const root = render(SAMPLE);
    const blocks = [...root.querySelectorAll(':scope > .md-group > *')];
    expect(blocks.map((e) => e.localName + (e.className ? `.${e.className.replace('md-', '')}` : ''))).toEqual([
      'h1',
      'p',
      'h2',
      'ol',
      'ul',
      'ol',
      'blockquote',
      'hr',
      'div.table',
      'div.code',
      'div.code',
      'p',
    ]);
    expect(root.querySelectorAll('a[href]')).toHaveLength(2);
  });

  it(`puts top-level blocks in groups of ${GROUP_SIZE}, in order`, () => {
    const paragraphs = Array.from({ length: GROUP_SIZE * 2 + 5 }, (_, i) => `Paragraph ${i}.`);
    const root = render(paragraphs.join('\n\n'), 3);
    expect([...root.children].map((group) => [group.className, group.childElementCount])).toEqual([
      ['md-group', GROUP_SIZE],
      ['md-group', GROUP_SIZE],
      ['md-group', 5],
    ]);
    expect([...root.querySelectorAll('p')].map((p) => p.textContent)).toEqual(paragraphs);
  });

  it('ignores writes after end, and a second end', () => {
    const container = document.createElement('div');
    const stream = createMarkdownStream(container);
    stream.write('done');
    stream.end();
    const html = container.innerHTML;
    stream.write(' more');
    stream.end();
    expect(container.innerHTML).toBe(html);
  });

  it('writes nothing for empty deltas', () => {
    const container = document.createElement('div');
    const stream = createMarkdownStream(container);
    for (const chunk of chunksOf('', 1)) stream.write(chunk);
    stream.write('');
    stream.end();
    expect(container.childNodes).toHaveLength(0);
  });
});
