import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect, test } from 'vitest';
import { EXTENSION_DIR } from './extension';

// The content script is loaded into every page the user opens; its UI lives in the extension's frames.
const BUDGET_BYTES = 20 * 1024;

test('the built content script stays under 20 KB gzipped', async () => {
  const script = await readFile(join(EXTENSION_DIR, 'content-scripts/content.js'));
  const gzipped = gzipSync(script, { level: 9 }).length;
  expect(gzipped).toBeGreaterThan(1_000); // it is the real, built script
  expect(gzipped).toBeLessThan(BUDGET_BYTES);
});
