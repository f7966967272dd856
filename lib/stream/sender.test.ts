import { describe, expect, it } from 'vitest';
import type { PortLike } from '../rpc/port';
import { PORT_NAME } from '../contracts/protocol';
import { isOwnPort } from './sender';

const EXTENSION_ID = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${EXTENSION_ID}/`;

function port(name: string, sender: PortLike['sender']): PortLike {
  return {
    name,
    ...(sender && { sender }),
    postMessage() {},
    disconnect() {},
    onMessage: { addListener() {} },
    onDisconnect: { addListener() {} },
  };
}

const check = (candidate: PortLike) => isOwnPort(candidate, PORT_NAME, EXTENSION_ID, ORIGIN);

describe('isOwnPort', () => {
  it('accepts our own extension page', () => {
    expect(check(port(PORT_NAME, { id: EXTENSION_ID, url: `${ORIGIN}sidepanel.html` }))).toBe(true);
  });

  it('accepts our own extension page opened in a tab', () => {
    expect(check(port(PORT_NAME, { id: EXTENSION_ID, url: `${ORIGIN}options.html`, tab: { id: 3 } }))).toBe(true);
  });

  it('accepts our own page assistant frame inside a web page', () => {
    const tab = { id: 7, url: 'https://example.com/article' };
    expect(check(port(PORT_NAME, { id: EXTENSION_ID, url: `${ORIGIN}page-card.html#${'a'.repeat(32)}`, tab }))).toBe(
      true,
    );
  });

  it('refuses our own content script: it streams nothing, the card frame does', () => {
    expect(
      check(
        port(PORT_NAME, {
          id: EXTENSION_ID,
          url: 'https://example.com/article',
          tab: { id: 7, url: 'https://example.com/article' },
        }),
      ),
    ).toBe(false);
  });

  it('refuses another extension', () => {
    const other = 'ponmlkjihgfedcbaponmlkjihgfedcba';
    expect(check(port(PORT_NAME, { id: other, url: `chrome-extension://${other}/page.html` }))).toBe(false);
    expect(check(port(PORT_NAME, { id: other, url: 'https://example.com/', tab: { id: 1 } }))).toBe(false);
  });

  it('refuses another extension that claims a URL of ours', () => {
    expect(check(port(PORT_NAME, { id: 'other', url: `${ORIGIN}sidepanel.html` }))).toBe(false);
  });

  it('refuses a wrong port name', () => {
    expect(check(port('not-inkling', { id: EXTENSION_ID, url: `${ORIGIN}sidepanel.html` }))).toBe(false);
    expect(check(port('', { id: EXTENSION_ID, url: `${ORIGIN}sidepanel.html` }))).toBe(false);
  });

  it('refuses a sender without tab from a foreign URL', () => {
    expect(check(port(PORT_NAME, { id: EXTENSION_ID, url: 'https://evil.example/' }))).toBe(false);
    expect(check(port(PORT_NAME, { id: EXTENSION_ID, url: 'chrome-extension://someoneelse/page.html' }))).toBe(false);
  });

  it('refuses a sender without tab or URL', () => {
    expect(check(port(PORT_NAME, { id: EXTENSION_ID }))).toBe(false);
  });

  it('refuses a port without sender', () => {
    expect(check(port(PORT_NAME, undefined))).toBe(false);
  });
});
