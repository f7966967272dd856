import type { Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { servePages, type PageServer } from '../fixtures/page-server';
import { launchExtension, type LoadedExtension } from './extension';

/**
 * The built extension in a fresh Chromium for one test file, and a server on 127.0.0.1 for the
 * pages its tests open: started before the file's tests, closed after them.
 */
export function extensionWithPages() {
  let extension: LoadedExtension | undefined;
  let pages: PageServer | undefined;
  beforeAll(async () => {
    pages = await servePages();
    extension = await launchExtension();
  });
  afterAll(async () => {
    await extension?.close();
    await pages?.close();
  });
  return {
    get extension(): LoadedExtension {
      if (!extension) throw new Error('The extension is not running yet');
      return extension;
    },
    get pages(): PageServer {
      if (!pages) throw new Error('The page server is not running yet');
      return pages;
    },
    /** A new tab with `html` served at `path`. */
    async open(path: string, html: string): Promise<Page> {
      const page = await this.extension.context.newPage();
      await page.goto(this.pages.page(path, html));
      return page;
    },
  };
}
