// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { collectBlocks } from './blocks';
import { createPageTranslation, type PageTranslationDeps, type TranslationState } from './page-translation';

const PAGE = `<h1>Alles über <em>Tee</em></h1>
<p id="first">Tee ist ein <a href="/sorten">aromatisches Getränk</a>.</p>
<pre><code>brew --tea</code></pre>
<p>Mit <code>heißem Wasser</code>.</p>
<div contenteditable="true"><p>Mein Entwurf</p></div>
<p translate="no">Markenname</p>
<label>Name <input value="Feld"></label>
<div id="own">Inkling</div>`;

const mark = (text: string) => text.replace(/\p{L}+/gu, (word) => `en:${word}`);

const running: ReturnType<typeof createPageTranslation>[] = [];

function setup(overrides: Partial<PageTranslationDeps> = {}) {
  document.body.innerHTML = PAGE;
  const states: TranslationState[] = [];
  const requests: string[][][] = [];
  const translation = createPageTranslation({
    doc: document,
    isOwn: (node) => node === document.getElementById('own') || document.getElementById('own')!.contains(node),
    async translate(paragraphs) {
      requests.push(paragraphs);
      return paragraphs.map((segments) => segments.map(mark));
    },
    onProgress: ({ state }) => void states.push(state),
    ...overrides,
  });
  running.push(translation);
  return { translation, states, requests };
}

afterEach(() => {
  for (const translation of running.splice(0)) translation.restore();
  vi.restoreAllMocks();
  document.body.innerHTML = '';
});

describe('the paragraphs of a page', () => {
  it('are its blocks with their own text nodes; code, fields, editable text and translate="no" stay out', () => {
    document.body.innerHTML = PAGE;
    const blocks = collectBlocks(document.body, (node) => node === document.getElementById('own'));
    expect(blocks.map((block) => block.nodes.map((node) => node.data))).toEqual([
      ['Alles über ', 'Tee'],
      // A node of punctuation only ('.') has nothing to translate.
      ['Tee ist ein ', 'aromatisches Getränk'],
      ['Mit '],
      ['Name '],
    ]);
  });
});

describe('a page’s translation', () => {
  it('translates each text node in place and restores the page exactly', async () => {
    const { translation, states, requests } = setup();
    const before = document.body.innerHTML;
    translation.start();
    await vi.waitFor(() => expect(states.at(-1)).toBe('done'));
    expect(requests.flat()).toEqual([
      ['Alles über', 'Tee'],
      ['Tee ist ein', 'aromatisches Getränk'],
      ['Mit'],
      ['Name'],
    ]);
    expect(document.querySelector('h1')!.innerHTML).toBe('en:Alles en:über <em>en:Tee</em>');
    expect(document.querySelector('#first a')!.getAttribute('href')).toBe('/sorten');
    expect(document.querySelector('pre')!.textContent).toBe('brew --tea');
    translation.restore();
    expect(document.body.innerHTML).toBe(before);
  });

  it('side by side adds the translation under each paragraph, and takes it away again', async () => {
    const { translation, states } = setup();
    const before = document.body.innerHTML;
    translation.start('bilingual');
    await vi.waitFor(() => expect(states.at(-1)).toBe('done'));
    expect(document.querySelector('h1')!.textContent).toBe('Alles über Teeen:Alles en:über en:Tee');
    translation.setMode('replace');
    expect(document.querySelector('h1')!.textContent).toBe('en:Alles en:über en:Tee');
    translation.restore();
    expect(document.body.innerHTML).toBe(before);
  });

  it('translates paragraphs the page adds later, and not its own additions', async () => {
    const { translation, states, requests } = setup();
    translation.start('bilingual');
    await vi.waitFor(() => expect(states.at(-1)).toBe('done'));
    const count = requests.length;
    const more = document.createElement('p');
    more.textContent = 'Noch mehr';
    document.body.append(more);
    await vi.waitFor(() => expect(more.textContent).toContain('en:Noch en:mehr'));
    expect(requests.slice(count).flat()).toEqual([['Noch mehr']]);
  });

  it('stops at once, keeping what is done; a failure says so and keeps it too', async () => {
    let release: () => void = () => {};
    const { translation, states } = setup({
      translate: (paragraphs) =>
        new Promise((resolve) => {
          release = () => resolve(paragraphs.map((segments) => segments.map(mark)));
        }),
    });
    translation.start();
    translation.stop();
    release();
    await vi.waitFor(() => expect(states.at(-1)).toBe('stopped'));
    expect(document.querySelector('h1')!.textContent).toBe('Alles über Tee');

    translation.restore();
    const progress: string[] = [];
    const failed = createPageTranslation({
      doc: document,
      isOwn: () => false,
      translate: async () => Promise.reject(new Error('No engine can run.')),
      onProgress: (next) => void progress.push(`${next.state}${next.error ? `: ${next.error}` : ''}`),
    });
    running.push(failed);
    failed.start();
    await vi.waitFor(() => expect(progress.at(-1)).toBe('failed: No engine can run.'));
  });

  it('translates what is on screen first', async () => {
    document.body.innerHTML = '<p id="a">Oben</p><p id="b">Unten</p>';
    vi.spyOn(document.getElementById('a')!, 'getBoundingClientRect').mockReturnValue({
      top: 2000,
      bottom: 2020,
    } as DOMRect);
    vi.spyOn(document.getElementById('b')!, 'getBoundingClientRect').mockReturnValue({
      top: 10,
      bottom: 30,
    } as DOMRect);
    const requests: string[][][] = [];
    const translation = createPageTranslation({
      doc: document,
      isOwn: () => false,
      batchChars: 1,
      async translate(paragraphs) {
        requests.push(paragraphs);
        return paragraphs;
      },
      onProgress: () => {},
    });
    running.push(translation);
    translation.start();
    await vi.waitFor(() => expect(requests).toHaveLength(2));
    expect(requests).toEqual([[['Unten']], [['Oben']]]);
  });

  it('a null answer means the user stopped it in the bar', async () => {
    const { translation, states } = setup({ translate: async () => null });
    translation.start();
    await vi.waitFor(() => expect(states.at(-1)).toBe('stopped'));
    expect(translation.state).toBe('stopped');
  });
});
