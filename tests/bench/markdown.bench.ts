import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, test } from 'vitest';
import { chromiumPath, HEADLESS_ARGS } from '../e2e/extension';

/**
 * What rendering a streamed answer costs in a real browser: lib/markdown's streaming renderer
 * against the naive way (re-parse the whole answer with marked after each delta and replace the
 * container's HTML), on the same ~20,000-token answer split into token-sized deltas, with layout
 * forced after every write for both. Prints figures; asserts nothing.
 *
 * The naive way is quadratic: every delta costs the whole answer so far. Measuring each of its
 * 20,000 steps would take far longer than the few minutes a bench may take, so it is measured in
 * full on the first and the last 1,000 deltas and on every NAIVE_STRIDE-th delta between; each of
 * those stands for the NAIVE_STRIDE steps around it in the total. A naive step depends only on the
 * text so far, not on the steps before it, so skipping steps does not change what a step costs.
 */
const TARGET_TOKENS = 20_000;
const CHARS_PER_TOKEN = 4;
const WINDOW = 1_000;
const NAIVE_STRIDE = 10;
const ROOT = resolve(import.meta.dirname, '../..');
// localhost is a secure context, which cross-origin isolation (and its 5 µs timers) requires.
const ORIGIN = 'http://localhost:8765';

let browser: Browser;
beforeAll(async () => {
  browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: HEADLESS_ARGS });
});
afterAll(() => browser?.close());

test('streaming markdown against re-rendering the whole answer per delta', async () => {
  const answer = generateAnswer(TARGET_TOKENS * CHARS_PER_TOKEN);
  const deltas = splitIntoDeltas(answer);
  const page = await openBenchPage();

  const streaming = await page.evaluate(measureStreaming, { deltas, window: WINDOW });
  const naive = await page.evaluate(measureNaive, { deltas, window: WINDOW, stride: NAIVE_STRIDE });
  const version = browser.version();
  const isolated = await page.evaluate(() => crossOriginIsolated);
  await page.close();

  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
  const streamFirst = mean(streaming.times.slice(0, WINDOW));
  const streamLast = mean(streaming.times.slice(-WINDOW));
  const streamTotal = sum(streaming.times) + streaming.endMs;
  const naiveFirst = mean(naive.first);
  const naiveLast = mean(naive.last);
  const naiveTotal =
    sum(naive.first) + sum(naive.last) + naive.middle.reduce((total, step) => total + step.ms * step.stands, 0);
  const naiveMeasured = naive.first.length + naive.last.length + naive.middle.length;

  const ms = (value: number) =>
    `${value < 1 ? value.toFixed(3) : value < 100 ? value.toFixed(2) : Math.round(value).toLocaleString('en')} ms`;
  const ratio = (value: number) => `${value < 10 ? value.toFixed(2) : Math.round(value).toLocaleString('en')}x`;
  const row = (label: string, a: string, b: string) => `${label.padEnd(28)}${a.padStart(14)}${b.padStart(28)}`;
  const percentile = (values: number[], p: number) =>
    [...values].sort((x, y) => x - y)[Math.floor((values.length - 1) * p)]!;
  const counts = (c: Record<string, number>) =>
    Object.entries(c)
      .map(([tag, n]) => `${n} ${tag}`)
      .join(', ');

  console.log(
    [
      `Markdown rendering in headless Chromium ${version}${isolated ? ' (cross-origin isolated: 5 µs timers)' : ''}`,
      `answer: ${answer.length.toLocaleString('en')} characters, ` +
        `~${Math.round(answer.length / CHARS_PER_TOKEN).toLocaleString('en')} tokens, ` +
        `in ${deltas.length.toLocaleString('en')} deltas of 1-7 characters; ` +
        `layout (offsetHeight) read after every write`,
      '',
      row('', 'streaming', 'naive (marked+innerHTML)'),
      row('total render time', ms(streamTotal), `${ms(naiveTotal)}*`),
      row(`per delta, first ${WINDOW.toLocaleString('en')}`, ms(streamFirst), ms(naiveFirst)),
      row(`per delta, last ${WINDOW.toLocaleString('en')}`, ms(streamLast), ms(naiveLast)),
      row('last / first', ratio(streamLast / streamFirst), ratio(naiveLast / naiveFirst)),
      row('total, naive / streaming', '', ratio(naiveTotal / streamTotal)),
      '',
      `streaming: every delta measured, end() included (${ms(streaming.endMs)}); ` +
        `per delta median ${ms(percentile(streaming.times, 0.5))}, ` +
        `99th percentile ${ms(percentile(streaming.times, 0.99))}, slowest ${ms(Math.max(...streaming.times))}`,
      `* naive: ${naiveMeasured.toLocaleString('en')} of ${deltas.length.toLocaleString('en')} ` +
        `steps measured (first and last ${WINDOW.toLocaleString('en')} in full, ` +
        `every ${NAIVE_STRIDE}th between, each standing for ${NAIVE_STRIDE}) in ${ms(naive.wallMs)} of wall time; ` +
        `the total is the sum of measured steps, the sampled ones weighted`,
      `final DOM, streaming: ${counts(streaming.counts)}`,
      `final DOM, naive:     ${counts(naive.counts)}`,
    ].join('\n'),
  );
});

/** A page served with cross-origin isolation (for fine timers) holding both renderers and the styles. */
async function openBenchPage(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 420, height: 900 } });
  await page.route(`${ORIGIN}/**`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      headers: { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' },
      body: '<!doctype html><html><head><meta charset="utf-8"></head><body><main id="host"></main></body></html>',
    }),
  );
  await page.goto(`${ORIGIN}/`);
  const bundle = await build({
    stdin: {
      contents: [
        "import { createMarkdownStream } from './lib/markdown/stream';",
        "import { marked } from 'marked';",
        'globalThis.inklingBench = { createMarkdownStream, marked };',
      ].join('\n'),
      resolveDir: ROOT,
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    target: 'chrome120',
    write: false,
  });
  await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
  const theme = await readFile(resolve(ROOT, 'lib/ui/theme.css'), 'utf8');
  const markdown = await readFile(resolve(ROOT, 'lib/markdown/markdown.css'), 'utf8');
  await page.addStyleTag({ content: `${theme}\n${markdown}\n#host { padding: 12px; }` });
  return page;
}

interface BenchGlobals {
  inklingBench: {
    createMarkdownStream: typeof import('../../lib/markdown/stream').createMarkdownStream;
    marked: typeof import('marked').marked;
  };
}

// The two functions below run in the page: they may use only their arguments and the page's globals.
// Each returns the sum of the heights it read, so no engine could treat the reads as unused.

function measureStreaming({ deltas, window }: { deltas: string[]; window: number }) {
  const { createMarkdownStream } = (globalThis as unknown as BenchGlobals).inklingBench;
  const host = document.getElementById('host')!;
  const fresh = () => host.appendChild(Object.assign(document.createElement('div'), { className: 'md' }));
  let layout = 0;

  // Warm-up, so the first measured deltas do not pay for compiling the renderer.
  const warm = fresh();
  const warmStream = createMarkdownStream(warm);
  for (const delta of deltas.slice(0, window * 2)) {
    warmStream.write(delta);
    layout += warm.offsetHeight;
  }
  warm.remove();

  const container = fresh();
  const stream = createMarkdownStream(container);
  const times = new Float64Array(deltas.length);
  for (let i = 0; i < deltas.length; i++) {
    const start = performance.now();
    stream.write(deltas[i]!);
    layout += container.offsetHeight;
    times[i] = performance.now() - start;
  }
  const endStart = performance.now();
  stream.end();
  layout += container.offsetHeight;
  const endMs = performance.now() - endStart;

  const counts = countElements(container);
  container.remove();
  return { times: Array.from(times), endMs, counts, layout };

  function countElements(root: Element) {
    const n = (selector: string) => root.querySelectorAll(selector).length;
    return {
      headings: n('h1,h2,h3,h4,h5,h6'),
      paragraphs: n('p'),
      'list items': n('li'),
      tables: n('table'),
      'table rows': n('tr'),
      'code blocks': n('pre'),
      links: n('a[href]'),
    };
  }
}

function measureNaive({ deltas, window, stride }: { deltas: string[]; window: number; stride: number }) {
  const { marked } = (globalThis as unknown as BenchGlobals).inklingBench;
  const host = document.getElementById('host')!;
  const container = host.appendChild(Object.assign(document.createElement('div'), { className: 'md' }));
  const prefix: string[] = [];
  let text = '';
  for (const delta of deltas) {
    text += delta;
    prefix.push(text);
  }
  let layout = 0;
  const step = (i: number) => {
    const start = performance.now();
    container.innerHTML = marked.parse(prefix[i]!, { async: false });
    layout += container.offsetHeight;
    return performance.now() - start;
  };

  const wallStart = performance.now();
  for (let i = 0; i < 200; i++) step(i); // warm-up
  const first: number[] = [];
  const last: number[] = [];
  const middle: { ms: number; stands: number }[] = [];
  const lastStart = deltas.length - window;
  for (let i = 0; i < window; i++) first.push(step(i));
  for (let i = window; i < lastStart; i += stride)
    middle.push({ ms: step(i), stands: Math.min(stride, lastStart - i) });
  for (let i = lastStart; i < deltas.length; i++) last.push(step(i));
  const wallMs = performance.now() - wallStart;

  const n = (selector: string) => container.querySelectorAll(selector).length;
  const counts = {
    headings: n('h1,h2,h3,h4,h5,h6'),
    paragraphs: n('p'),
    'list items': n('li'),
    tables: n('table'),
    'table rows': n('tr'),
    'code blocks': n('pre'),
    links: n('a[href]'),
  };
  container.remove();
  return { first, last, middle, wallMs, counts, layout };
}

/** A deterministic pseudo-random source, so every run renders the same answer. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'the a of to and in is that for it with as on be this by are or from an at which can but not have ' +
  'model answer stream token render browser device memory layout parser extension panel engine request ' +
  'value result option setting cache worker thread buffer chunk delta frame text node element style ' +
  'quickly simply usually often because however therefore although while when where each every'
).split(' ');

/** A long answer like a model writes: sections of prose, lists, tables, code and quotes. */
function generateAnswer(length: number): string {
  const rand = random(20_000);
  const pick = <T>(items: readonly T[]) => items[Math.floor(rand() * items.length)]!;
  const int = (min: number, max: number) => min + Math.floor(rand() * (max - min + 1));
  const words = (count: number) => Array.from({ length: count }, () => pick(WORDS)).join(' ');
  const sentence = () => {
    const parts = Array.from({ length: int(6, 16) }, () => {
      const roll = rand();
      if (roll < 0.05) return `**${words(int(1, 3))}**`;
      if (roll < 0.1) return `*${words(int(1, 2))}*`;
      if (roll < 0.15) return `\`${pick(WORDS)}_${pick(WORDS)}()\``;
      if (roll < 0.17) return `[${words(2)}](https://example.com/${pick(WORDS)}/${int(1, 999)})`;
      return pick(WORDS);
    });
    const text = parts.join(' ');
    return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
  };
  const paragraph = () => Array.from({ length: int(2, 5) }, sentence).join(' ');
  const list = () => {
    const ordered = rand() < 0.4;
    const task = !ordered && rand() < 0.25;
    const start = ordered ? int(1, 3) : 0;
    return Array.from({ length: int(3, 7) }, (_, i) => {
      const marker = ordered ? `${start + i}.` : task ? `- [${rand() < 0.5 ? 'x' : ' '}]` : '-';
      const item = `${marker} ${sentence()}`;
      if (rand() < 0.25)
        return `${item}\n${' '.repeat(ordered ? 3 : 2)}- ${sentence()}\n${' '.repeat(ordered ? 3 : 2)}- ${sentence()}`;
      return item;
    }).join('\n');
  };
  const table = () => {
    const columns = int(2, 4);
    const header = Array.from({ length: columns }, () => words(int(1, 2)));
    const rows = Array.from({ length: int(3, 8) }, () =>
      Array.from({ length: columns }, (_, c) => (c === columns - 1 ? String(int(1, 9999)) : words(int(1, 4)))),
    );
    const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
    return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
  };
  const code = () => {
    const lines = Array.from({ length: int(6, 20) }, (_, i) => {
      const indent = '  '.repeat(i === 0 ? 0 : int(1, 2));
      return (
        `${indent}const ${pick(WORDS)}${i} = ${pick(WORDS)}.${pick(WORDS)}` +
        `(${int(0, 99)}, '${words(2)}'); // ${words(int(2, 5))}`
      );
    });
    return `\`\`\`${pick(['ts', 'js', 'python', 'sh'])}\n${lines.join('\n')}\n\`\`\``;
  };
  const quote = () => `> ${sentence()}\n> ${sentence()}`;

  const blocks: string[] = [];
  let size = 0;
  for (let section = 1; size < length; section++) {
    const parts = [`## ${section}. ${words(int(2, 5))}`, paragraph()];
    for (let i = int(3, 6); i > 0; i--) parts.push(pick([paragraph, paragraph, list, table, code, quote])());
    const text = parts.join('\n\n');
    blocks.push(text);
    size += text.length + 2;
  }
  return `${blocks.join('\n\n')}\n`;
}

/** Token-sized deltas: 1 to 7 characters, 4 on average, as an engine's tokens arrive. */
function splitIntoDeltas(text: string): string[] {
  const rand = random(4);
  const deltas: string[] = [];
  for (let i = 0; i < text.length; ) {
    const size = 1 + Math.floor(rand() * 7);
    deltas.push(text.slice(i, i + size));
    i += size;
  }
  return deltas;
}
