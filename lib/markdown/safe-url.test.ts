import { describe, expect, it } from 'vitest';
import { safeAutolinkHref, safeImageHref, safeLinkHref } from './safe-url';

describe('safeLinkHref', () => {
  it.each([
    ['https://example.com', 'https://example.com/'],
    ['HTTP://Example.com/a b', 'http://example.com/a'],
    ['mailto:someone@example.com', 'mailto:someone@example.com'],
    ['  https://example.com/x  ', 'https://example.com/x'],
    ['https://example.com/x "A title"', 'https://example.com/x'],
    ['<https://example.com/a b>', 'https://example.com/a%20b'],
  ])('%j becomes %j', (destination, href) => {
    expect(safeLinkHref(destination)).toBe(href);
  });

  it.each([
    'javascript:alert(1)',
    'JAVASCRIPT:alert(1)',
    '\u0001javascript:alert(1)',
    'java\nscript:alert(1)',
    'java\tscript:alert(1)',
    'data:text/html,<b>x</b>',
    'vbscript:msgbox(1)',
    'file:///etc/passwd',
    'chrome-extension://abc/page.html',
    'blob:https://example.com/uuid',
    'ftp://example.com/',
    '/root/relative',
    'relative/path',
    '#fragment',
    '?query',
    '//evil.example/x',
    'http://[::1',
    '',
    '<javascript:alert(1)>',
  ])('%j is refused', (destination) => {
    expect(safeLinkHref(destination)).toBeUndefined();
  });
});

describe('safeImageHref', () => {
  it('allows only http: and https:', () => {
    expect(safeImageHref('https://example.com/a.png')).toBe('https://example.com/a.png');
    expect(safeImageHref('mailto:a@example.com')).toBeUndefined();
    expect(safeImageHref('data:image/png;base64,AAAA')).toBeUndefined();
  });
});

describe('safeAutolinkHref', () => {
  it.each([
    ['https://example.com/docs.', 'https://example.com/docs'],
    ['https://example.com/docs?!', 'https://example.com/docs'],
    ['https://example.com/x),', 'https://example.com/x'],
    ['https://en.wikipedia.org/wiki/Foo_(bar)', 'https://en.wikipedia.org/wiki/Foo_(bar)'],
    ['https://en.wikipedia.org/wiki/Foo_(bar)).', 'https://en.wikipedia.org/wiki/Foo_(bar)'],
  ])('%j links to %j', (text, href) => {
    expect(safeAutolinkHref(text)).toBe(href);
  });

  it('refuses what is not http(s) or mailto', () => {
    expect(safeAutolinkHref('javascript:alert(1)')).toBeUndefined();
  });
});
