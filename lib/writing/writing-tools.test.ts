import { describe, expect, it, vi } from 'vitest';
import { API_LABELS, cleanAnswer, createWritingTools, writingPrompt, type WritingToolsDeps } from './writing-tools';

const DRAFT = 'Their is a cat.';

function setup(overrides: Partial<WritingToolsDeps> = {}) {
  const complete = vi.fn(async (_prompt: string, _signal: AbortSignal) => ({
    text: '"There is a cat."',
    engineLabel: 'llama.cpp on your CPU',
  }));
  const tools = createWritingTools({
    proofreaderApi: () => undefined,
    rewriterApi: () => undefined,
    writerApi: () => undefined,
    complete,
    language: () => 'en-US',
    ...overrides,
  });
  return { tools, complete };
}

describe('the writing tools', () => {
  it('use Chrome’s Proofreader where it is ready, with its corrections’ types and explanations', async () => {
    const proofread = vi.fn(async () => ({
      correctedInput: 'There is a cat.',
      corrections: [{ startIndex: 0, endIndex: 5, correction: 'There', types: ['grammar'], explanation: 'Why.' }],
    }));
    const api = { availability: async () => 'available', create: async () => ({ proofread, destroy() {} }) };
    const { tools, complete } = setup({ proofreaderApi: () => api as unknown as typeof Proofreader });
    expect(await tools.run(1, { tool: 'proofread', text: DRAFT })).toEqual({
      text: 'There is a cat.',
      corrections: [{ start: 0, end: 5, replacement: 'There', types: ['grammar'], explanation: 'Why.' }],
      by: API_LABELS.proofread,
    });
    expect(complete).not.toHaveBeenCalled();
  });

  it('fall back to the engine, turning its corrected text into corrections', async () => {
    const { tools, complete } = setup();
    expect(await tools.run(1, { tool: 'proofread', text: DRAFT })).toEqual({
      text: 'There is a cat.',
      corrections: [{ start: 0, end: 5, replacement: 'There' }],
      by: 'llama.cpp on your CPU',
    });
    expect(complete.mock.calls[0]![0]).toBe(writingPrompt({ tool: 'proofread', text: DRAFT }));
  });

  it('word the engine’s prompts as the APIs’ options say', () => {
    expect(writingPrompt({ tool: 'rewrite', text: 'Hi', tone: 'more-formal', length: 'shorter' })).toMatch(
      /^Rewrite the text below in a more formal tone, shorter\. /,
    );
    expect(writingPrompt({ tool: 'write', text: '', instruction: 'a haiku' })).toBe(
      'Write this: a haiku\nAnswer with the text only, ready to paste.',
    );
  });

  it('refuse what they cannot do, in plain words', async () => {
    const { tools } = setup();
    await expect(tools.run(1, { tool: 'proofread', text: '  ' })).rejects.toThrow('The field is empty');
    await expect(tools.run(1, { tool: 'write', text: 'x', instruction: ' ' })).rejects.toThrow('Say what to write');
  });

  it('Stop ends the request under way at once', async () => {
    const { tools } = setup({
      complete: (_prompt, signal) =>
        new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
    });
    const pending = tools.run(1, { tool: 'rewrite', text: DRAFT });
    tools.stop(1);
    await expect(pending).rejects.toThrow('Stopped.');
  });

  it('take off the quotes and code fences small models wrap their answers in', () => {
    expect(cleanAnswer('  "Hello there."  ')).toBe('Hello there.');
    expect(cleanAnswer('```text\nHello\nthere\n```')).toBe('Hello\nthere');
    expect(cleanAnswer('He said "hi" to me')).toBe('He said "hi" to me');
  });
});
