import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

/** Reference images, committed so that a reviewer can look at them. */
export const SCREENSHOT_DIR = resolve(import.meta.dirname, '../screenshots');
/** Anti-aliasing differs a little between runs; a layout or colour change differs far more. */
const MAX_DIFFERENT_PIXELS = 0.002;

/**
 * Compares the page with `tests/screenshots/NAME.png`. With UPDATE_SCREENSHOTS=1 it writes the
 * reference instead; a missing reference fails and says how to make one.
 */
export async function expectScreenshot(page: Page, name: string, mask: Locator[] = []) {
  const file = resolve(SCREENSHOT_DIR, `${name}.png`);
  const actual = await page.screenshot({ mask, animations: 'disabled', caret: 'hide' });
  if (process.env.UPDATE_SCREENSHOTS === '1') {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  if (!existsSync(file))
    throw new Error(`No reference image ${file}: run the test with UPDATE_SCREENSHOTS=1 and look at it.`);
  const expected = PNG.sync.read(readFileSync(file));
  const got = PNG.sync.read(actual);
  expect([got.width, got.height], `${name}: size`).toEqual([expected.width, expected.height]);
  const diff = new PNG({ width: got.width, height: got.height });
  const different = pixelmatch(expected.data, got.data, diff.data, got.width, got.height, { threshold: 0.1 });
  if (different / (got.width * got.height) > MAX_DIFFERENT_PIXELS) {
    const diffFile = resolve(SCREENSHOT_DIR, `${name}.diff.png`);
    writeFileSync(diffFile, PNG.sync.write(diff));
    writeFileSync(resolve(SCREENSHOT_DIR, `${name}.actual.png`), actual);
    throw new Error(`${name}: ${different} pixels differ from the reference (see ${diffFile})`);
  }
}
