import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { LoadedExtension } from './extension';

/** What the options page asked of `chrome.permissions`, in order. */
export type PermissionCall = ['request' | 'remove', chrome.permissions.Permissions];

/**
 * The options page, opened with `chrome.permissions` recorded. Headless Chromium cannot show the
 * permission prompt (a native dialog a test cannot click), so `request` answers as the user's
 * "Allow" would; `remove` is the real one.
 */
export async function openRecordedOptions(extension: LoadedExtension): Promise<Page> {
  const page = await extension.context.newPage();
  await page.addInitScript(() => {
    const calls: PermissionCall[] = [];
    (globalThis as unknown as { permissionCalls: PermissionCall[] }).permissionCalls = calls;
    const remove = chrome.permissions.remove.bind(chrome.permissions);
    chrome.permissions.request = (async (permissions: chrome.permissions.Permissions) => {
      calls.push(['request', permissions]);
      return true;
    }) as typeof chrome.permissions.request;
    chrome.permissions.remove = ((permissions: chrome.permissions.Permissions) => {
      calls.push(['remove', permissions]);
      return remove(permissions);
    }) as typeof chrome.permissions.remove;
  });
  await page.goto(`chrome-extension://${extension.extensionId}/options.html`);
  return page;
}

export function permissionCalls(options: Page): Promise<PermissionCall[]> {
  return options.evaluate(() => (globalThis as unknown as { permissionCalls: PermissionCall[] }).permissionCalls);
}

export const connection = (options: Page) => options.getByRole('note', { name: 'Connection' });

/** Types the address, tests the connection and waits for what it found (or why not). */
export async function testConnection(options: Page, address: string, key?: string): Promise<string> {
  await options.getByLabel('Server address').fill(address);
  if (key !== undefined) await options.getByLabel(/^API key/).fill(key);
  // What an earlier test said, if any (count does not wait for the note to appear).
  const before = (await connection(options).count()) > 0 ? await connection(options).textContent() : null;
  await options.getByRole('button', { name: 'Test connection' }).click();
  await expect
    .poll(async () => {
      const text = (await connection(options).textContent()) ?? '';
      return text !== before && text !== 'Testing…';
    })
    .toBe(true);
  return (await connection(options).textContent()) ?? '';
}

export async function saveServer(options: Page, model?: string) {
  if (model) await options.getByLabel('Server model').selectOption(model);
  await options.getByRole('button', { name: 'Save server' }).click();
  await expect.poll(() => options.getByRole('status').textContent()).toContain('Saved');
}
