// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { extractPageText } from './extract';
import { mainText } from './main-text';

const PAGE = `<html><head><title>Otters | Nature News</title></head><body>
<header><a href="/">Nature News</a> <a href="/login">Log in</a></header>
<nav><a href="/a">World</a> <a href="/b">Science</a> <a href="/c">Sport</a></nav>
<aside class="ad">Buy the new phone now! Limited offer.</aside>
<article>
  <h1>Sea otters hold hands</h1>
  <p>${'Sea otters hold hands while they sleep so that they do not drift apart in the current. '.repeat(6)}</p>
  <p>${'Researchers watched groups of otters, called rafts, along the coast of California for a year. '.repeat(6)}</p>
</article>
<footer>Copyright Nature News. Privacy. Cookies.</footer>
</body></html>`;

function page(html: string): Document {
  document.documentElement.innerHTML = html.replace(/^<html>|<\/html>$/g, '');
  return document;
}

describe('reading a page', () => {
  it('readability keeps the article and leaves menus, ads and footers out', () => {
    const text = extractPageText(page(PAGE)).text;
    expect(text).toContain('Sea otters hold hands while they sleep');
    expect(text).toContain('called rafts');
    for (const junk of ['Log in', 'Sport', 'Buy the new phone', 'Cookies']) expect(text).not.toContain(junk);
  });

  it('the light reading takes the article without the page around it', () => {
    const { title, text } = mainText(page(PAGE));
    expect(title).toBe('Otters | Nature News');
    expect(text).toContain('called rafts');
    for (const junk of ['Log in', 'Sport', 'Buy the new phone', 'Cookies']) expect(text).not.toContain(junk);
  });

  it('the light reading of a page without an article drops navigation, header and footer', () => {
    const { text } = mainText(
      page('<body><nav>Menu</nav><div>Plain content here.</div><footer>Footer</footer></body>'),
    );
    expect(text).toBe('Plain content here.');
  });
});
