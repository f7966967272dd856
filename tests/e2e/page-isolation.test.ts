import { expect, test } from 'vitest';
import { extensionWithPages } from './with-pages';
import { pageAssistant, pressAskAboutPage, selectWithMouse } from './page-frames';

// Hostile pages on 127.0.0.1 try, as an attacker would, to read the page assistant's answer, take
// over its UI, detect it early, hide it, or read Inkling's settings. The user still gets the answer.
const running = extensionWithPages();

/** A word that is only in the model's answer: if the page ever sees it, the answer leaked. */
const SECRET = 'Quetzalcoatlus';
const REPLY = `The ${SECRET} flew over **the tea fields** at dawn.`;

const ARTICLE = `<p id="text">Tea is an aromatic drink prepared by pouring hot water over the leaves.</p>
<p id="more">Green tea and black tea come from the same plant.</p>`;

/**
 * Runs before any content script: it records every node added to the page, defines a custom element
 * for every tag name with a dash it can think of or sees, and keeps trying to read the answer with
 * find, Selection.modify, getSelection, elementFromPoint and the frames' documents.
 */
const ATTACKER = `<script>
  // The secret in a form its own source does not contain: the page's own text is no leak.
  const secret = atob(${JSON.stringify(Buffer.from(SECRET).toString('base64'))});
  window.leaks = [];
  window.added = [];
  const note = (how, text) => { if (String(text).includes(secret)) leaks.push(how); };
  const grab = (name) => {
    try {
      customElements.define(name, class extends HTMLElement {
        constructor() {
          super();
          const internals = this.attachInternals();
          setInterval(() => note('internals', internals.shadowRoot && internals.shadowRoot.textContent), 20);
        }
      });
    } catch {}
  };
  ['inkling-page-assistant', 'inkling-card', 'inkling-toolbar', 'inkling-frame', 'x-inkling'].forEach(grab);
  const observer = new MutationObserver((records) => {
    for (const record of records) for (const node of record.addedNodes) {
      if (node.nodeType !== 1) continue;
      added.push({ tag: node.tagName, attributes: [...node.attributes].map((a) => a.name + '=' + a.value) });
      if (node.tagName.includes('-')) grab(node.tagName.toLowerCase());
      note('mutation', node.outerHTML);
    }
  });
  // From the end of parsing: what the page itself is made of is not news.
  const everything = { childList: true, subtree: true, attributes: true, characterData: true };
  document.addEventListener('DOMContentLoaded', () => observer.observe(document.documentElement, everything));
  setInterval(() => {
    const selection = getSelection();
    const saved = selection.rangeCount ? selection.getRangeAt(0).cloneRange() : null;
    if (window.find(secret)) leaks.push('find');
    const phrase = atob(${JSON.stringify(Buffer.from('tea fields').toString('base64'))});
    if (window.find(phrase)) {
      selection.modify('extend', 'forward', 'paragraph');
      note('modify', selection.toString());
    }
    note('selection', selection.toString());
    selection.removeAllRanges();
    if (saved) selection.addRange(saved);
    note('text', document.documentElement.innerText);
    for (let x = 0; x < innerWidth; x += 40) for (let y = 0; y < innerHeight; y += 40) {
      const element = document.elementFromPoint(x, y);
      if (!element) continue;
      note('point', element.textContent);
      if (element.tagName === 'IFRAME') {
        try { note('frame', element.contentDocument.body.innerText); } catch {}
        const forged = { type: 'answer', title: 'x', task: { kind: 'ask-page', question: 'pwn' }, windowId: 1 };
        try { element.contentWindow.postMessage(forged, '*'); } catch {}
      }
    }
    for (const frame of document.querySelectorAll('iframe')) {
      try { note('frame', frame.contentWindow.document.body.innerText); } catch {}
      try { frame.contentWindow.postMessage({ type: 'close' }, '*'); } catch {}
    }
    window.postMessage({ type: 'open-card' }, '*');
  }, 50);
</script>`;

const openPage = (path: string, html: string) => running.open(path, html);

test('a hostile page reads none of the answer and changes nothing in the card, while the user gets it', async () => {
  await running.extension.installFakeLanguageModel({ replyText: REPLY, chunkDelayMs: 15 });
  const page = await openPage('/attacker.html', `<!doctype html><title>Attacker</title>${ATTACKER}${ARTICLE}`);
  const assistant = pageAssistant(page);
  // Nothing is added to the page before the user selects text.
  await page.waitForTimeout(600);
  expect(await page.evaluate(() => (window as unknown as { added: unknown[] }).added)).toEqual([]);

  await selectWithMouse(page, '#text');
  await expect.poll(() => assistant.toolbarShown()).toBe(true);
  await assistant.toolbar().getByRole('button', { name: 'Explain', exact: true }).click();
  await expect.poll(() => assistant.answer()).toContain(`The ${SECRET} flew over the tea fields at dawn.`);
  // The user selects the answer inside the card, as one does to copy a part of it.
  await assistant.card().getByRole('region', { name: 'Answer' }).selectText();
  await page.waitForTimeout(500);

  const seen = await page.evaluate(() => {
    const { leaks, added } = window as unknown as { leaks: string[]; added: { tag: string; attributes: string[] }[] };
    return { leaks, added };
  });
  expect(seen.leaks).toEqual([]);
  // All the page ever saw: plain iframes, with no address, id, class or name of ours.
  expect(seen.added.length).toBeGreaterThan(0);
  for (const node of seen.added) {
    expect(node.tag).toBe('IFRAME');
    expect(node.attributes.filter((attribute) => !/^(style|allow|tabindex|popover)=/.test(attribute))).toEqual([]);
  }
  // The page's messages changed nothing: the card still shows the answer, and nothing else was asked.
  expect(await assistant.answer()).toBe(`The ${SECRET} flew over the tea fields at dawn.`);
  expect(await assistant.cardShown()).toBe(true);
  expect((await running.extension.fakeLog()).prompts.filter((prompt) => prompt.input.includes('pwn'))).toEqual([]);
});

test('page CSS cannot hide, shift or restyle the card, which stays above a full-page overlay', async () => {
  await running.extension.installFakeLanguageModel({ replyText: 'Tea is a drink.', chunkDelayMs: 5 });
  const hostileCss = `<style>
    * { all: unset !important; }
    iframe { display: none !important; opacity: 0 !important; transform: translateX(-9999px) !important; }
    html { filter: blur(8px) !important; zoom: 1.5 !important; }
    body { transform: scale(0); }
    #overlay { position: fixed; inset: 0; z-index: 2147483647; background: white; display: block !important; }
  </style><div id="overlay">Nothing to see here</div>`;
  const page = await openPage('/css.html', `<!doctype html><title>CSS</title>${hostileCss}${ARTICLE}`);
  const assistant = pageAssistant(page);
  await pressAskAboutPage(running.extension.worker, page);
  await expect.poll(() => assistant.cardShown()).toBe(true);
  const frame = await assistant.card().frameElement();
  const box = (await frame.boundingBox())!;
  const viewport = page.viewportSize()!;
  // The page's zoom is undone: the card is its own width, in the viewport's pixels.
  expect(box.width).toBeGreaterThan(300);
  expect(box.width).toBeLessThanOrEqual(440);
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
  // What is on top at the card's centre is the card's frame, not the page's overlay.
  const onTop = await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.tagName, {
    x: box.x + box.width / 2,
    y: box.y + box.height / 2,
  });
  expect(onTop).toBe('IFRAME');
  // And the user can use it: Playwright clicks and types only where a real user could.
  await page.keyboard.type('What is it?');
  await page.keyboard.press('Enter');
  await expect.poll(() => assistant.answer()).toContain('Tea is a drink.');
  // (Escape rather than a click on Close: the pointer's hit test is the elementFromPoint check above.)
  await page.keyboard.press('Escape');
  await expect.poll(() => assistant.frameCount()).toBe(0);
});

test('the card works from the keyboard; Escape closes it and gives the page its focus and selection back', async () => {
  await running.extension.installFakeLanguageModel({ replyText: 'Tea is a drink.', chunkDelayMs: 5 });
  const page = await openPage('/keys.html', `<!doctype html><title>Keys</title>${ARTICLE}`);
  const assistant = pageAssistant(page);
  await selectWithMouse(page, '#text');
  await expect.poll(() => assistant.toolbarShown()).toBe(true);
  const selected = await page.evaluate(() => getSelection()?.toString());
  await assistant.toolbar().getByRole('button', { name: 'Ask…', exact: true }).click();
  await expect.poll(() => assistant.cardShown()).toBe(true);
  const question = assistant.card().getByRole('textbox', { name: 'Your question about the selection' });
  await expect.poll(() => question.evaluate((input) => document.activeElement === input)).toBe(true);
  await page.keyboard.type('Is it hot?');
  await page.keyboard.press('Enter');
  await expect.poll(() => assistant.answer()).toContain('Tea is a drink.');
  // Tab moves through the card's own controls.
  await page.keyboard.press('Tab');
  expect(await assistant.card().evaluate(() => document.activeElement?.tagName)).toBe('BUTTON');
  await page.keyboard.press('Escape');
  await expect.poll(() => assistant.frameCount()).toBe(0);
  expect(await page.evaluate(() => getSelection()?.toString())).toBe(selected);
  expect(await page.evaluate(() => document.activeElement?.tagName)).not.toBe('IFRAME');
});

test('a content script cannot read or write Inkling’s settings', async () => {
  const page = await openPage('/settings.html', `<!doctype html><title>Settings</title>${ARTICLE}`);
  const cdp = await running.extension.context.newCDPSession(page);
  const contexts: { id: number; name: string; origin: string }[] = [];
  cdp.on('Runtime.executionContextCreated', ({ context }) => contexts.push(context));
  await cdp.send('Runtime.enable');
  // The content script's world is the one named after the running.extension.
  await expect.poll(() => contexts.some((context) => context.name === 'Inkling')).toBe(true);
  const world = contexts.find((context) => context.name === 'Inkling')!;
  const attempt = async (expression: string) => {
    const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', {
      contextId: world.id,
      expression,
      awaitPromise: true,
      returnByValue: true,
    });
    return exceptionDetails ? String(exceptionDetails.exception?.description ?? exceptionDetails.text) : result.value;
  };
  expect(await attempt('typeof chrome.runtime.sendMessage')).toBe('function'); // it is the content script
  expect(await attempt('chrome.storage.local.get(null)')).toMatch(/not allowed/i);
  expect(await attempt("chrome.storage.local.set({ settings: { engine: 'cpu' } })")).toMatch(/not allowed/i);
  // The extension's own pages still can.
  const stored = await running.extension.worker.evaluate(() => chrome.storage.local.get(null));
  expect(stored).toBeDefined();
});
