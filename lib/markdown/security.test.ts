// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ALLOWED_TAGS } from './elements';
import { CHUNK_SIZES, render, squash } from '../../tests/unit/markdown-harness';

const HOSTILE = `Raw HTML: <img src=x onerror=alert(1)> and <script>alert(2)</script>.

<iframe src="https://evil.example/frame"></iframe>
<object data="https://evil.example/o"></object><embed src="https://evil.example/e">
<svg onload=alert(3)><a href="javascript:alert(4)">html link</a></svg>
<div style="background:url(https://evil.example/bg)" onclick="alert(5)">div</div>

[js](javascript:alert(1)) [JS](JaVaScRiPt:alert(1)) [tab](java\tscript:alert(1)) [ws]( javascript:alert(1))
[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) [vb](vbscript:msgbox(1))
[rel](/relative/path) [dot](./x) [proto](//evil.example/x) [bad](http://[::1) [ent](javascript&#58;alert(1))
[title](https://ok.example/ "t onmouseover=alert(1)") [angle](<javascript:alert(1)>)

![img](https://evil.example/track.png) ![data img](data:image/png;base64,AAAA) ![js img](javascript:alert(1))
[![nested](https://evil.example/i.png)](https://ok.example/)

\`\`\`<img src=x onerror=alert(6)>
<script>alert(7)</script>
\`\`\`

| <img src=x onerror=alert(8)> | <script>alert(9)</script> |
|---|---|
| [x](javascript:alert(10)) | ![y](https://evil.example/y.png) |

- [x] <iframe src=x>
> <embed src=x> $<img src=x onerror=alert(11)>$
`;

/** Attributes this renderer ever sets; none comes from the model's text. */
const ALLOWED_ATTRIBUTES = new Set(['class', 'href', 'rel', 'target', 'type', 'disabled', 'checked', 'start', 'role']);

function allElements(root: Element): Element[] {
  return [...root.querySelectorAll('*')];
}

describe.each(CHUNK_SIZES)('hostile input, %s characters per write', (size) => {
  const root = render(HOSTILE, size);

  it('creates only allowlisted elements, and none that run, load or embed', () => {
    for (const element of allElements(root)) expect(ALLOWED_TAGS.has(element.localName), element.localName).toBe(true);
    expect(
      root.querySelectorAll('script, iframe, img, object, embed, svg, style, link, meta, form, video, audio, source'),
    ).toHaveLength(0);
  });

  it('sets no event handler, style, src or other attribute of its own choosing', () => {
    for (const element of allElements(root)) {
      for (const { name } of element.attributes) {
        expect(name.startsWith('on'), `${element.localName}[${name}]`).toBe(false);
        expect(ALLOWED_ATTRIBUTES.has(name), `${element.localName}[${name}]`).toBe(true);
      }
    }
  });

  it('links only to http:, https: and mailto:, each opening apart from the answer', () => {
    const links = [...root.querySelectorAll('a[href]')];
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) {
      const href = link.getAttribute('href')!;
      expect(new URL(href).protocol).toMatch(/^(https?|mailto):$/);
      expect(href.toLowerCase()).not.toMatch(/^\s*(javascript|data|vbscript):/);
      expect(link.getAttribute('rel')).toBe('noopener noreferrer nofollow');
      expect(link.getAttribute('target')).toBe('_blank');
    }
  });

  it('shows raw HTML as the text it is', () => {
    const text = root.textContent!;
    expect(text).toContain('<img src=x onerror=alert(1)>');
    expect(text).toContain('<script>alert(2)</script>');
    expect(text).toContain('<iframe src="https://evil.example/frame"></iframe>');
    expect(root.querySelector('.md-code code')?.textContent).toBe('<script>alert(7)</script>');
    expect(root.querySelector('.md-code-lang')?.textContent).toBe('<img');
  });
});

describe('unsafe destinations', () => {
  it.each([
    ['javascript:alert(1)'],
    ['JaVaScRiPt:alert(1)'],
    [' javascript:alert(1)'],
    ['java\tscript:alert(1)'],
    ['data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=='],
    ['vbscript:msgbox(1)'],
    ['/relative/path'],
    ['relative.html'],
    ['//evil.example/x'],
    ['http://[::1'],
    ['file:///etc/passwd'],
    ['chrome://settings'],
  ])('[text](%s) is plain text', (destination) => {
    const root = render(`[click me](${destination}) after`);
    expect(root.querySelector('a[href]')).toBeNull();
    expect(squash(root.textContent)).toBe('click me after');
  });

  it.each([
    ['https://example.com/a?b=1#c', 'https://example.com/a?b=1#c'],
    ['http://example.com', 'http://example.com/'],
    ['mailto:someone@example.com', 'mailto:someone@example.com'],
    ['<https://example.com/with space>', 'https://example.com/with%20space'],
  ])('[text](%s) links to %s', (destination, href) => {
    const link = render(`[text](${destination})`).querySelector('a')!;
    expect(link.getAttribute('href')).toBe(href);
    expect(link.getAttribute('rel')).toBe('noopener noreferrer nofollow');
    expect(link.getAttribute('target')).toBe('_blank');
  });
});

describe('images', () => {
  it('are never loaded: an image is a link to it, named by its alt text', () => {
    const root = render('Look: ![a chart](https://example.com/chart.png)');
    expect(root.querySelector('img')).toBeNull();
    const link = root.querySelector('a.md-image')!;
    expect(link.getAttribute('href')).toBe('https://example.com/chart.png');
    expect(link.textContent).toBe('a chart');
    expect(link.hasAttribute('src')).toBe(false);
  });

  it.each([['javascript:alert(1)'], ['data:image/png;base64,AAAA'], ['mailto:a@b.c'], ['/local.png']])(
    'with an unsafe address (%s) are their alt text only',
    (src) => {
      const root = render(`![the alt](${src})`);
      expect(root.querySelector('img, a[href]')).toBeNull();
      expect(root.textContent).toBe('the alt');
    },
  );

  it('without alt text still show something to follow', () => {
    expect(render('![](https://example.com/x.png)').querySelector('a.md-image')?.textContent).toBe('image');
  });

  it('inside a link are only text, so links do not nest', () => {
    const root = render('[![logo](https://example.com/logo.png)](https://example.com/)');
    expect(root.querySelectorAll('a')).toHaveLength(1);
    expect(root.querySelector('a')?.getAttribute('href')).toBe('https://example.com/');
    expect(root.querySelector('a > span.md-image')?.textContent).toBe('logo');
  });
});

describe('building the DOM', () => {
  afterEach(() => vi.restoreAllMocks());

  it('never parses HTML', () => {
    const setInnerHTML = vi.spyOn(Element.prototype, 'innerHTML', 'set');
    const setOuterHTML = vi.spyOn(Element.prototype, 'outerHTML', 'set');
    const insertAdjacentHTML = vi.spyOn(Element.prototype, 'insertAdjacentHTML');
    const createContextualFragment = vi.spyOn(Range.prototype, 'createContextualFragment');
    render(HOSTILE, 2);
    expect(setInnerHTML).not.toHaveBeenCalled();
    expect(setOuterHTML).not.toHaveBeenCalled();
    expect(insertAdjacentHTML).not.toHaveBeenCalled();
    expect(createContextualFragment).not.toHaveBeenCalled();
  });
});
