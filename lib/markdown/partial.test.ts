// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { MAX_DESTINATION } from './runaway';
import { CHUNK_SIZES, squash, streamInto, tableRows } from '../../tests/unit/markdown-harness';

/**
 * Each construct is cut off part way, checked, then completed and checked again, fed a character
 * at a time, three at a time, and whole. smd holds back the last character or so of a write while
 * it decides what it is, hence the `?` in a few expectations.
 */
describe.each(CHUNK_SIZES)('partial constructs, %s characters per write', (size) => {
  it('an unclosed code fence shows as code while it streams, and ends at its closing fence', () => {
    const md = streamInto(size);
    md.write('Intro\n\n```py');
    // The opening line is not complete: nothing of the fence shows yet, no stray backticks.
    expect(md.container.textContent).not.toContain('`');
    md.write("thon\nprint('hi')\nfor i in ra");
    const block = md.container.querySelector('.md-code')!;
    expect(block.querySelector('.md-code-lang')?.textContent).toBe('python');
    const code = block.querySelector('code')!;
    expect(code.textContent).toMatch(/^print\('hi'\)\nfor i in ra?$/);
    expect(block.querySelector('button')?.textContent).toBe('Copy code');

    md.write('nge(3):\n    print(i)\n```\n\nAfter *that*.');
    md.end();
    expect(md.container.querySelector('.md-code code')).toBe(code);
    expect(code.textContent).toBe("print('hi')\nfor i in range(3):\n    print(i)");
    expect(block.nextElementSibling?.localName).toBe('p');
    expect(squash(block.nextElementSibling?.textContent)).toBe('After that.');
  });

  it('a fence that never closes keeps the rest of the answer as code', () => {
    const md = streamInto(size);
    md.write('```js\nlet a = 1;\nlet b');
    md.end();
    expect(md.container.querySelector('code')?.textContent).toBe('let a = 1;\nlet b');
    expect(md.container.querySelectorAll('p')).toHaveLength(0);
  });

  it('half a table shows the rows so far, and the table settles when it is complete', () => {
    const md = streamInto(size);
    md.write('| Fruit | Qty |\n|---|---|\n| apple | 3 |\n| pear | 1');
    const table = md.container.querySelector('table')!;
    expect(table.querySelectorAll('thead th')).toHaveLength(2);
    const rows = tableRows(table);
    expect(rows.slice(0, 2)).toEqual([
      ['Fruit', 'Qty'],
      ['apple', '3'],
    ]);
    expect(rows[2]![0]).toBe('pear');
    expect(rows[2]![1] ?? '').toMatch(/^1?$/);

    md.write('2 |\n| plum | 7 |\n\nDone.');
    md.end();
    expect(md.container.querySelector('table')).toBe(table);
    expect(tableRows(table)).toEqual([
      ['Fruit', 'Qty'],
      ['apple', '3'],
      ['pear', '12'],
      ['plum', '7'],
    ]);
    expect(squash(md.container.querySelector('.md-table + p')?.textContent)).toBe('Done.');
  });

  it('a table cut inside its header row already shows a header cell', () => {
    const md = streamInto(size);
    md.write('| Fru');
    expect(md.container.querySelector('thead th')?.textContent).toMatch(/Fru?$/);
  });

  it('an unfinished link shows its text, and becomes a link when its destination completes', () => {
    const md = streamInto(size);
    md.write('See [the do');
    expect(squash(md.container.textContent)).toMatch(/^See the do?$/);
    md.write('cs](https://exa');
    // The destination is held back until ")", never shown as text.
    expect(squash(md.container.textContent)).toBe('See the docs');
    expect(md.container.querySelector('a[href]')).toBeNull();
    const anchor = md.container.querySelector('a')!;

    md.write('mple.com/guide) now.');
    md.end();
    expect(md.container.querySelector('a')).toBe(anchor);
    expect(anchor.getAttribute('href')).toBe('https://example.com/guide');
    expect(squash(md.container.textContent)).toBe('See the docs now.');
  });

  it('text in brackets that never becomes a link keeps its brackets', () => {
    const md = streamInto(size);
    md.write('Cited [1] and [open');
    md.end();
    expect(squash(md.container.textContent)).toBe('Cited [1] and [open');
    expect(md.container.querySelector('a[href]')).toBeNull();
  });

  it('a destination that never closes does not swallow the rest of the answer', () => {
    const md = streamInto(size);
    md.write('A [link](https://example.com/x\n\nNext **paragraph**.');
    md.end();
    const paragraphs = [...md.container.querySelectorAll('p')].map((p) => squash(p.textContent));
    expect(paragraphs).toEqual(['A [link](https://example.com/x', 'Next paragraph.']);
    expect(md.container.querySelector('strong')?.textContent).toBe('paragraph');
    expect(md.container.querySelector('a[href]')).toBeNull();
  });

  it('a destination cut off by the end of the answer is shown as text', () => {
    const md = streamInto(size);
    md.write('Read [this](https://example.com/unfinish');
    md.end();
    expect(squash(md.container.textContent)).toBe('Read [this](https://example.com/unfinish');
  });

  it('unfinished emphasis is styled while it streams and stays so once closed', () => {
    const md = streamInto(size);
    md.write('This is **very imp');
    const strong = md.container.querySelector('strong')!;
    expect(strong.textContent).toMatch(/^very imp?$/);
    md.write('ortant** and *ita');
    const em = md.container.querySelector('em')!;
    expect(em.textContent).toMatch(/^ita?$/);
    md.write('lic* indeed.');
    md.end();
    expect(md.container.querySelector('strong')).toBe(strong);
    expect(strong.textContent).toBe('very important');
    expect(em.textContent).toBe('italic');
    expect(md.container.querySelectorAll('.md-literal')).toHaveLength(0);
    expect(squash(md.container.textContent)).toBe('This is very important and italic indeed.');
  });

  it('emphasis that never closes settles back to literal text', () => {
    const md = streamInto(size);
    md.write('Not **closed here\n\nand *not here ~~nor `here');
    md.end();
    const [first, second] = [...md.container.querySelectorAll('p')];
    expect(first?.textContent).toBe('Not **closed here');
    expect(second?.textContent).toBe('and *not here ~~nor `here');
    expect(md.container.querySelectorAll('.md-literal')).toHaveLength(4);
  });

  it('a stray dollar does not turn the rest of the answer into math', () => {
    const md = streamInto(size);
    md.write('Set $HOME first\n  \nThen **run** it.');
    md.end();
    const [first, second] = [...md.container.querySelectorAll('p')];
    expect(squash(first?.textContent)).toBe('Set $HOME first');
    expect(first?.querySelector('.md-math')?.classList.contains('md-literal')).toBe(true);
    expect(second?.querySelector('strong')?.textContent).toBe('run');
  });

  it('image alt text that never closes ends with its paragraph', () => {
    const md = streamInto(size);
    md.write('See ![a chart\n\nThen **run** it.');
    md.end();
    const [first, second] = [...md.container.querySelectorAll('p')];
    expect(squash(first?.textContent)).toBe('See ![a chart');
    expect(first?.querySelector('a[href]')).toBeNull();
    expect(second?.querySelector('strong')?.textContent).toBe('run');
  });

  it('a destination too long to be one stops being held back', () => {
    const md = streamInto(size);
    md.write(`A [link](https://example.com/${'x'.repeat(MAX_DESTINATION)} and on`);
    expect(md.container.textContent).toContain('](https://example.com/xxx');
    md.end();
    expect(md.container.querySelector('a[href]')).toBeNull();
    expect(md.container.textContent).toMatch(/x and on$/);
  });

  it('a list item cut mid-line shows what has come, and the list continues', () => {
    const md = streamInto(size);
    md.write('- apples\n- pea');
    const list = md.container.querySelector('ul')!;
    expect([...list.children].map((li) => li.textContent)).toEqual(['apples', expect.stringMatching(/^pea?$/)]);
    const second = list.children[1]!;

    md.write('rs\n  - nested\n- plums\n\nDone.');
    md.end();
    expect(md.container.querySelector('ul')).toBe(list);
    expect(list.children[1]).toBe(second);
    expect([...list.children].map((li) => li.firstChild?.textContent)).toEqual(['apples', 'pears', 'plums']);
    expect(second.querySelector('ul > li')?.textContent).toBe('nested');
    expect(squash(list.nextElementSibling?.textContent)).toBe('Done.');
  });

  it('an ordered list cut mid-item keeps its start number', () => {
    const md = streamInto(size);
    md.write('7. seven\n8. eig');
    const list = md.container.querySelector('ol')!;
    expect(list.getAttribute('start')).toBe('7');
    expect(list.children).toHaveLength(2);
    md.write('ht\n');
    md.end();
    expect([...list.children].map((li) => li.textContent)).toEqual(['seven', 'eight']);
  });

  it('a task item cut inside its box becomes a checkbox once the box closes', () => {
    const md = streamInto(size);
    md.write('- [x');
    expect(md.container.querySelector('input')).toBeNull();
    md.write('] shipped\n- [ ] next\n');
    md.end();
    expect([...md.container.querySelectorAll('input')].map((box) => box.checked)).toEqual([true, false]);
    expect([...md.container.querySelectorAll('li')].map((li) => squash(li.textContent))).toEqual(['shipped', 'next']);
  });
});
