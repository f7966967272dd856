import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { QUIET_PREFS } from './prefs';

export const FIREFOX_EXTENSION_DIR = resolve(import.meta.dirname, '../../.output/firefox-mv3');
/** The add-on's id, from the manifest's `browser_specific_settings.gecko.id`. */
export const ADDON_ID = 'inkling@inkling.invalid';
/** Fixed so that a test knows the add-on's pages' addresses (Firefox draws one per profile otherwise). */
const ADDON_UUID = '5b3c2a4e-0c1f-4d8e-9a7b-1e2f3a4b5c6d';
export const ADDON_ORIGIN = `moz-extension://${ADDON_UUID}`;

export function firefoxPath(): string {
  return process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
}

export interface LoadedFirefox {
  browser: Browser;
  /** The sidebar's page, opened as a tab so that a test can drive it. */
  openPanel(): Promise<Page>;
  openOptions(): Promise<Page>;
  /** A new tab at `url`, loaded. */
  openPage(url: string): Promise<Page>;
  close(): Promise<void>;
}

export interface FirefoxLaunchOptions {
  /** A profile to reuse, as after a browser restart; it is kept on close. */
  profile?: string;
}

/**
 * Debian's Firefox ESR over WebDriver BiDi, with the built add-on installed in its profile the way
 * a user's own build is: a proxy file in `<profile>/extensions/` pointing at the build. Unlike
 * BiDi's `webExtension.install`, which installs it until the browser closes, this survives a
 * restart, which the conversations test needs. ESR honours `xpinstall.signatures.required`.
 */
export async function launchFirefox({ profile: reused }: FirefoxLaunchOptions = {}): Promise<LoadedFirefox> {
  const profile = reused ?? (await mkdtemp(join(tmpdir(), 'inkling-firefox-')));
  await mkdir(join(profile, 'extensions'), { recursive: true });
  await writeFile(join(profile, 'extensions', ADDON_ID), FIREFOX_EXTENSION_DIR);
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: firefoxPath(),
    headless: true,
    userDataDir: profile,
    // Lets the prefs point Firefox's remote settings at nothing (see prefs.ts).
    env: { ...process.env, MOZ_REMOTE_SETTINGS_DEVTOOLS: '1' },
    extraPrefsFirefox: {
      ...QUIET_PREFS,
      'xpinstall.signatures.required': false,
      // Add-ons in the profile are enabled without asking.
      'extensions.enabledScopes': 15,
      'extensions.autoDisableScopes': 0,
      'extensions.webextensions.uuids': JSON.stringify({ [ADDON_ID]: ADDON_UUID }),
    },
  });
  const openPage = async (url: string) => {
    const page = await browser.newPage();
    // A step that cannot happen fails by itself, naming the step, well within the test's own timeout.
    page.setDefaultTimeout(20_000);
    await navigate(page, url);
    return page;
  };
  // The add-on starts with the browser; its pages answer once its background page is up.
  await waitForAddon(openPage);
  return {
    browser,
    openPanel: () => openPage(`${ADDON_ORIGIN}/sidepanel.html`),
    openOptions: () => openPage(`${ADDON_ORIGIN}/options.html`),
    openPage,
    async close() {
      await browser.close();
      if (!reused) await rm(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Firefox loads an add-on's page in the add-on's own process, and BiDi then never reports that
 * navigation's load (puppeteer's `goto` times out on a page that is shown): wait for the document
 * instead.
 */
async function navigate(page: Page, url: string) {
  if (!url.startsWith('moz-extension:')) {
    await page.goto(url);
    return;
  }
  // Its rejection, when the page closes or after the wait below, says nothing more.
  page.goto(url, { timeout: 0 }).catch(() => undefined);
  for (let attempt = 0; ; attempt++) {
    // Fails while the old document goes: polled, not `waitForFunction`, which gives up then.
    const shown = await page
      .evaluate((address) => location.href === address && document.readyState === 'complete', url)
      .catch(() => false);
    if (shown) return;
    if (attempt === 200) throw new Error(`${url} did not load`);
    await new Promise((wake) => setTimeout(wake, 100));
  }
}

async function waitForAddon(openPage: (url: string) => Promise<Page>) {
  const page = await openPage(`${ADDON_ORIGIN}/options.html`).catch((error: unknown) => {
    throw new Error(`Inkling was not installed from ${FIREFOX_EXTENSION_DIR}: ${String(error)}`);
  });
  await page.close();
}
