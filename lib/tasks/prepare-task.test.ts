import { describe, expect, it } from 'vitest';
import { prepareTask, type PrepareTaskDeps } from './prepare-task';

const signal = new AbortController().signal;

function deps(overrides: Partial<PrepareTaskDeps> = {}) {
  const calls: { prompt: string; summaryOf?: string }[] = [];
  const progress: string[] = [];
  const value: PrepareTaskDeps = {
    language: 'de',
    partChars: 600,
    async complete(prompt, options) {
      calls.push({ prompt, ...(options.summaryOf !== undefined && { summaryOf: options.summaryOf }) });
      return `summary ${calls.length}`;
    },
    readPage: async () => ({ title: 'Otters', url: 'https://example.com/otters', text: 'Otters hold hands.' }),
    ...overrides,
  };
  return { deps: value, calls, progress, control: { signal, onProgress: (text: string) => progress.push(text) } };
}

const long = Array.from({ length: 40 }, (_, i) => `Sentence ${i} is about the harbour and the ferry.`).join(' ');

describe('prepareTask', () => {
  it('fills a quick action’s template with a short text and asks nothing before the answer', async () => {
    const { deps: d, calls, control } = deps();
    const task = {
      kind: 'prompt',
      label: 'Translate',
      quote: 'Hello',
      template: 'Into {language}: {text}',
      summary: false,
    } as const;
    expect(await prepareTask(task, d, control)).toEqual({
      question: 'Into German: Hello',
      prompt: 'Into German: Hello',
      title: 'Translate: “Hello”',
    });
    expect(calls).toEqual([]);
  });

  it(
    'summarizes a long text in parts, with progress, ' + 'and remembers it by a brief instead of the whole quote',
    async () => {
      const { deps: d, calls, progress, control } = deps();
      const task = {
        kind: 'prompt',
        label: 'Summarize',
        quote: long,
        template: 'Sum up:\n\n{text}',
        summary: true,
      } as const;
      const prepared = await prepareTask(task, d, control);
      expect(calls.length).toBeGreaterThan(2);
      // Each part of a plain summary may go to Chrome's Summarizer API.
      expect(calls.every((call) => call.summaryOf !== undefined && long.includes(call.summaryOf.slice(0, 30)))).toBe(
        true,
      );
      expect(progress[0]).toBe(`Summarizing part 1 of ${calls.length}…`);
      expect(prepared.question).toBe(`Sum up:\n\n${long}`);
      expect(prepared.prompt).toContain('summary 1');
      expect(prepared.prompt).not.toContain('Sentence 39');
      expect(prepared.summaryOf).toBe(prepared.prompt.replace('Sum up:\n\n', ''));
      expect(prepared.brief).toMatch(/^Summarize \(a text of [\d,]+ characters; the answer below sums it up\)$/);
    },
  );

  it('keeps what matters to a question when a long selection is condensed for it', async () => {
    const { deps: d, calls, control } = deps();
    const prepared = await prepareTask(
      { kind: 'ask-text', question: 'When does the ferry leave?', text: long },
      d,
      control,
    );
    expect(calls[0]!.prompt).toContain('everything that helps answer this question: When does the ferry leave?');
    expect(calls[0]!.summaryOf).toBeUndefined();
    expect(prepared.question).toContain('Sentence 39');
    expect(prepared.prompt).not.toContain('Sentence 39');
  });

  it('reads the page for a question about it, and says so', async () => {
    const { deps: d, progress, control } = deps();
    const prepared = await prepareTask({ kind: 'ask-page', question: 'Why?' }, d, control);
    expect(progress).toEqual(['Reading the page…']);
    expect(prepared.prompt).toBe(
      'The text of the web page “Otters” (https://example.com/otters):\n\n' +
        'Otters hold hands.\n\nAnswer this question about the page: Why?',
    );
    expect(prepared.title).toBe('Otters: “Why?”');
  });

  it('fails in the page’s own words when it cannot be read, and stops when asked', async () => {
    const { deps: d, control } = deps({
      readPage: () => Promise.reject(new Error('This page has no text Inkling can read.')),
    });
    await expect(prepareTask({ kind: 'ask-page', question: 'Why?' }, d, control)).rejects.toThrow(
      'This page has no text Inkling can read.',
    );
    const stopping = new AbortController();
    stopping.abort();
    const task = { kind: 'prompt', label: 'Summarize', quote: long, template: '{text}', summary: true } as const;
    await expect(prepareTask(task, deps().deps, { signal: stopping.signal, onProgress() {} })).rejects.toThrow();
  });
});
