#!/usr/bin/env node
// Builds Inkling and starts a browser with it loaded, in a profile of its own, kept so that
// conversations and downloaded models survive restarts: .profile/ for Chromium, .profile-firefox/
// for Firefox (`npm start -- --browser firefox`). Chromium loads it from the command line; Google
// Chrome 137+ ignores --load-extension, so for Chrome this prints the steps to load it by hand.
// Firefox is started by web-ext (Mozilla's own runner), which installs the add-on for the session.
import { spawn, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { browser: { type: 'string', default: 'chromium' } } });
const firefox = values.browser === 'firefox';
if (!['chromium', 'chrome', 'firefox'].includes(values.browser)) {
  console.error(`Unknown browser "${values.browser}": use --browser chromium (the default) or --browser firefox.`);
  process.exit(2);
}
const built = spawnSync('npx', ['wxt', 'build', ...(firefox ? ['-b', 'firefox'] : [])], { stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);

const extension = resolve(firefox ? '.output/firefox-mv3' : '.output/chrome-mv3');
// A Linux machine without a desktop (a server, a container) cannot show a browser window.
const noDisplay = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;

function find(names) {
  for (const name of names) {
    const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim();
    if (found) return found;
  }
  return undefined;
}

if (firefox) await startFirefox();
else startChromium();

async function startFirefox() {
  const binary = process.env.FIREFOX_PATH ?? find(['firefox-esr', 'firefox']);
  const byHand = `Load it by hand: open about:debugging#/runtime/this-firefox, click "Load Temporary Add-on…"
and choose ${extension}/manifest.json (it stays until Firefox closes). Then click the Inkling
button in the toolbar to open the sidebar.`;
  if (!binary || noDisplay) {
    const why = binary ? 'There is no display here to start Firefox in.' : 'No Firefox found (set FIREFOX_PATH).';
    console.log(`Built into ${extension}. ${why}\n${byHand}`);
    return;
  }
  const profile = resolve('.profile-firefox');
  console.log(`Starting ${binary} with Inkling loaded (profile: ${profile}).`);
  console.log('Click the Inkling button in the toolbar to open the sidebar.');
  const webExt = (await import('web-ext-run')).default;
  await webExt.cmd.run(
    {
      sourceDir: extension,
      target: ['firefox-desktop'],
      firefox: binary,
      firefoxProfile: profile,
      profileCreateIfMissing: true,
      keepProfileChanges: true,
      noReload: true,
      noInput: true,
    },
    { shouldExitProgram: true },
  );
}

function startChromium() {
  const browser = process.env.CHROME_PATH ?? find(['chromium', 'chromium-browser']);
  const profile = resolve('.profile');
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
    const chrome = find(['google-chrome', 'google-chrome-stable', 'google-chrome-beta', 'google-chrome-canary']);
    console.log(`Load Inkling into ${chrome ? 'Google Chrome' : 'Chrome or Chromium'} by hand:
  1. Open chrome://extensions and turn on "Developer mode" (top right).
  2. Click "Load unpacked" and choose ${extension}
  3. Click the Inkling icon in the toolbar (pin it from the puzzle-piece menu) to open the side panel.
Set CHROME_PATH to a Chromium binary to have \`npm start\` start it for you.`);
  }
}
