import { collectBlocks, splitSpaces, type TextBlock } from './blocks';

export type TranslationMode = 'replace' | 'bilingual';
export type TranslationState = 'translating' | 'done' | 'stopped' | 'failed';

export interface PageTranslationDeps {
  doc: Document;
  /**
   * Translates paragraphs (each a list of text segments); resolves with them translated, same
   * shape, or with null when the user stopped the translation (in the bar) meanwhile.
   */
  translate(blocks: string[][], signal: AbortSignal): Promise<string[][] | null>;
  /** How far it got: paragraphs translated of those found so far. */
  onProgress(progress: { done: number; total: number; state: TranslationState; error?: string }): void;
  /** Nodes of Inkling's own UI, never translated. */
  isOwn(node: Node): boolean;
  /** Characters per request: enough context, and the first paragraphs on screen soon. */
  batchChars?: number;
}

/** Paragraphs per request: progress shows, and Stop has little left in flight. */
const MAX_BATCH_PARAGRAPHS = 8;
const BILINGUAL_STYLE = 'display:block;margin-top:0.25em;opacity:0.8;font-style:italic';

/**
 * One page's translation: paragraphs in reading order, those on screen first, translated in place
 * (each text node keeps its element, so links and formatting stay) or shown under the original;
 * paragraphs the page adds later are translated as they appear. Stop keeps what is done; restore
 * puts back every original text and removes every node it added, so the page is as it was.
 */
export function createPageTranslation(deps: PageTranslationDeps) {
  const { doc } = deps;
  const win = doc.defaultView ?? window;
  const originals = new Map<Text, string>();
  const translated = new Map<TextBlock, string[]>();
  const added = new Set<Element>();
  const seen = new WeakSet<Text>();
  const queue: TextBlock[] = [];
  let mode: TranslationMode = 'replace';
  let total = 0;
  let state: TranslationState = 'translating';
  let stopping = new AbortController();
  let running: Promise<void> | undefined;
  let observer: MutationObserver | undefined;

  const excluded = (node: Node) =>
    deps.isOwn(node) || (node.nodeType === 3 && seen.has(node as Text)) || [...added].some((own) => own.contains(node));

  function enqueue(blocks: TextBlock[], first = false) {
    for (const block of blocks) for (const node of block.nodes) seen.add(node);
    total += blocks.length;
    if (first) {
      // What the user is looking at first, then the rest in reading order.
      const inView = (block: TextBlock) => {
        const rect = block.element.getBoundingClientRect();
        return rect.bottom > 0 && rect.top < win.innerHeight;
      };
      queue.push(...blocks.filter(inView), ...blocks.filter((block) => !inView(block)));
    } else {
      queue.push(...blocks);
    }
  }

  function nextBatch(): TextBlock[] {
    const batch: TextBlock[] = [];
    let chars = 0;
    const full = () => batch.length >= MAX_BATCH_PARAGRAPHS || chars >= (deps.batchChars ?? 1_200);
    while (queue.length > 0 && (batch.length === 0 || !full())) {
      const block = queue.shift()!;
      if (!block.element.isConnected) continue;
      batch.push(block);
      chars += block.nodes.reduce((sum, node) => sum + node.data.length, 0);
    }
    return batch;
  }

  function show(block: TextBlock, segments: string[]) {
    translated.set(block, segments);
    if (mode === 'replace') {
      block.nodes.forEach((node, index) => {
        const { lead, trail } = splitSpaces(node.data);
        if (!originals.has(node)) originals.set(node, node.data);
        node.data = `${lead}${segments[index] ?? ''}${trail}`;
      });
    } else {
      const line = doc.createElement('span');
      line.setAttribute('style', BILINGUAL_STYLE);
      line.setAttribute('translate', 'no');
      line.textContent = segments.join(' ');
      added.add(line);
      block.element.append(line);
    }
  }

  async function work() {
    const { signal } = stopping;
    for (let batch = nextBatch(); batch.length > 0 && !signal.aborted; batch = nextBatch()) {
      const texts = batch.map((block) => block.nodes.map((node) => splitSpaces(node.data).words));
      let result: string[][] | null;
      try {
        result = await deps.translate(texts, signal);
      } catch (error) {
        if (signal.aborted) return;
        state = 'failed';
        const message = error instanceof Error ? error.message : String(error);
        return deps.onProgress({ done: translated.size, total, state, error: message });
      }
      if (signal.aborted) return;
      if (!result) return stop();
      for (const [index, block] of batch.entries()) if (block.element.isConnected) show(block, result[index] ?? []);
      if (queue.length === 0) state = 'done';
      deps.onProgress({ done: translated.size, total, state });
    }
  }

  function run() {
    if (running) return;
    state = 'translating';
    running = work().finally(() => {
      running = undefined;
      // Paragraphs the page added while the last request was out.
      if (state === 'translating' && queue.length > 0) run();
    });
  }

  function stop() {
    if (state !== 'translating') return;
    state = 'stopped';
    stopping.abort();
    stopping = new AbortController();
    queue.length = 0;
    deps.onProgress({ done: translated.size, total, state });
  }

  function unshow() {
    for (const [node, text] of originals) node.data = text;
    originals.clear();
    for (const element of added) element.remove();
    added.clear();
  }

  return {
    /** Starts with the page as it is now, and follows what the page adds. */
    start(as: TranslationMode = 'replace') {
      mode = as;
      enqueue(collectBlocks(doc.body, excluded), true);
      if (total === 0) return deps.onProgress({ done: 0, total: 0, state: 'done' });
      deps.onProgress({ done: 0, total, state: 'translating' });
      observer = new win.MutationObserver((records) => {
        if (state === 'stopped' || state === 'failed') return;
        const fresh = records.flatMap((record) =>
          [...record.addedNodes].filter((node) => !excluded(node)).flatMap((node) => collectBlocks(node, excluded)),
        );
        if (fresh.length === 0) return;
        enqueue(fresh);
        deps.onProgress({ done: translated.size, total, state: 'translating' });
        run();
      });
      observer.observe(doc.body, { childList: true, subtree: true });
      run();
    },
    /** Stops at once; what is translated stays. */
    stop,
    /** Switches between in place and side by side, for what is translated so far and what follows. */
    setMode(next: TranslationMode) {
      if (next === mode) return;
      unshow();
      mode = next;
      for (const [block, segments] of [...translated]) if (block.element.isConnected) show(block, segments);
    },
    /** "Show original": the page exactly as it was; nothing more is translated. */
    restore() {
      observer?.disconnect();
      stopping.abort();
      queue.length = 0;
      unshow();
      translated.clear();
      state = 'stopped';
    },
    get state() {
      return state;
    },
  };
}

export type PageTranslation = ReturnType<typeof createPageTranslation>;
