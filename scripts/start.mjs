#!/usr/bin/env node
// Starts a browser with the built extension loaded, in a profile of its own (kept in .profile/, so
// conversations and downloaded models survive restarts). Chromium loads it from the command line;
// Google Chrome 137+ ignores --load-extension, so for Chrome this prints the steps to load it by hand.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const extension = resolve('.output/chrome-mv3');
const profile = resolve('.profile');
const CHROMIUM = ['chromium', 'chromium-browser'];
const CHROME = ['google-chrome', 'google-chrome-stable', 'google-chrome-beta', 'google-chrome-canary'];

function find(names) {
  for (const name of names) {
    const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim();
    if (found) return found;
  }
  return undefined;
}

if (!existsSync(`${extension}/manifest.json`)) {
  console.error('No built extension: run `npm run build` first (`npm start` does).');
  process.exit(1);
}

const browser = process.env.CHROME_PATH ?? find(CHROMIUM);
// A Linux machine without a desktop (a server, a container) cannot show a browser window.
const noDisplay = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
if (browser && noDisplay) {
  console.log(
    `Built into ${extension}. ` +
      `There is no display here to start ${browser} in: on a desktop, run \`npm start\`, ` +
      `or load that folder unpacked from chrome://extensions (Developer mode → Load unpacked).`,
  );
} else if (browser) {
  console.log(`Starting ${browser} with Inkling loaded (profile: ${profile}).`);
  console.log('Click the Inkling icon in the toolbar (pin it from the puzzle-piece menu) to open the side panel.');
  const child = spawn(
    browser,
    [
      `--user-data-dir=${profile}`,
      `--disable-extensions-except=${extension}`,
      `--load-extension=${extension}`,
      '--no-first-run',
      // Chromium refuses to start as root with its sandbox (containers, CI machines).
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      'about:blank',
    ],
    { stdio: 'inherit' },
  );
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  const chrome = find(CHROME);
  console.log(`Load Inkling into ${chrome ? 'Google Chrome' : 'Chrome or Chromium'} by hand:
  1. Open chrome://extensions and turn on "Developer mode" (top right).
  2. Click "Load unpacked" and choose ${extension}
  3. Click the Inkling icon in the toolbar (pin it from the puzzle-piece menu) to open the side panel.
Set CHROME_PATH to a Chromium binary to have \`npm start\` start it for you.`);
}
