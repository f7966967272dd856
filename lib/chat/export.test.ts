import { marked } from 'marked';
import { describe, expect, it } from 'vitest';
import type { GenerationResult } from '../contracts/result';
import { closeOpenFence, exportFileName, fromJson, toJson, toMarkdown } from './export';
import type { Conversation } from './conversation';
import type { AssistantTurn } from '../contracts/turns';

const result: GenerationResult = {
  text: 'Because of **Rayleigh** scattering.',
  engine: 'cpu',
  engineLabel: 'llama.cpp on your CPU',
  model: 'Qwen2.5 0.5B Instruct (Q4_K_M)',
  finishReason: 'stop',
  inputTokens: 12,
  tokensUsed: 9,
  tokensEstimated: false,
  timeToFirstTokenMs: 80,
  latencyMs: 500,
  tokensPerSecond: 21.5,
};

const conversation: Conversation = {
  id: 'c1',
  title: 'Why is the sky blue?',
  systemPrompt: 'Answer briefly.\n\nUse metric units.',
  createdAt: Date.UTC(2025, 0, 2, 10, 30, 15),
  updatedAt: Date.UTC(2025, 0, 2, 10, 35),
  turns: [
    { id: 'u1', role: 'user', text: 'Why is the sky blue?' },
    {
      id: 'a1',
      role: 'assistant',
      text: 'Because of **Rayleigh** scattering.\n\n- short waves scatter more\n',
      status: 'done',
      result,
    },
    { id: 'u2', role: 'user', text: 'Show it in code' },
    {
      id: 'a2',
      role: 'assistant',
      text: 'Here:\n\n```python\nprint("blue"',
      status: 'stopped',
      result: { ...result, finishReason: 'cancelled' },
    },
    { id: 'u3', role: 'user', text: 'And sunsets?' },
    { id: 'a3', role: 'assistant', text: '', status: 'failed', error: 'llama.cpp on your CPU failed: out of memory' },
  ],
};

const answer = (turn: Partial<AssistantTurn>): Conversation => ({
  ...conversation,
  systemPrompt: undefined,
  turns: [
    { id: 'u', role: 'user', text: 'q' },
    { id: 'a', role: 'assistant', text: 'An answer.', status: 'done', ...turn },
  ],
});

/** The Markdown after the user's question, for one answer. */
const answerMarkdown = (turn: Partial<AssistantTurn>) => toMarkdown(answer(turn)).split('**Inkling**\n\n')[1];

describe('toMarkdown', () => {
  it('writes the whole conversation', () => {
    expect(toMarkdown(conversation)).toBe(
      [
        '# Why is the sky blue?',
        '',
        '*Inkling conversation, started 2025-01-02 10:30 UTC*',
        '',
        '**System prompt**',
        '',
        '> Answer briefly.',
        '>',
        '> Use metric units.',
        '',
        '**You**',
        '',
        'Why is the sky blue?',
        '',
        '**Inkling**',
        '',
        'Because of **Rayleigh** scattering.',
        '',
        '- short waves scatter more',
        '',
        '*llama.cpp on your CPU: Qwen2.5 0.5B Instruct (Q4_K_M)*',
        '',
        '**You**',
        '',
        'Show it in code',
        '',
        '**Inkling**',
        '',
        'Here:',
        '',
        '```python',
        'print("blue"',
        '```',
        '',
        '*Stopped before the end.*',
        '',
        '*llama.cpp on your CPU: Qwen2.5 0.5B Instruct (Q4_K_M)*',
        '',
        '**You**',
        '',
        'And sunsets?',
        '',
        '**Inkling**',
        '',
        '*Failed: llama.cpp on your CPU failed: out of memory*',
        '',
      ].join('\n'),
    );
  });

  it('renders every turn as its own section, even after an answer stopped inside code', () => {
    const html = marked.parse(toMarkdown(conversation), { async: false });
    expect(html.match(/<p><strong>You<\/strong><\/p>/g)).toHaveLength(3);
    expect(html.match(/<p><strong>Inkling<\/strong><\/p>/g)).toHaveLength(3);
    expect(html).toContain('<strong>Rayleigh</strong>');
    expect(html).toContain('<code class="language-python">print(&quot;blue&quot;\n</code>');
  });

  it('leaves out the system prompt when there is none', () => {
    expect(toMarkdown(answer({}))).toBe(
      '# Why is the sky blue?\n\n*Inkling conversation, started 2025-01-02 10:30 UTC*\n\n' +
        '**You**\n\nq\n\n**Inkling**\n\nAn answer.\n',
    );
  });

  it('notes how each answer ended', () => {
    expect(answerMarkdown({ status: 'streaming' })).toBe('An answer.\n\n*Still being written when exported.*\n');
    expect(answerMarkdown({ status: 'stopped', text: '' })).toBe('*Stopped before the first word.*\n');
    expect(answerMarkdown({ status: 'failed', text: 'Half' })).toBe('Half\n\n*Failed.*\n');
    expect(answerMarkdown({ result: { ...result, finishReason: 'length' } })).toBe(
      'An answer.\n\n*Cut at the token limit.*\n\n*llama.cpp on your CPU: Qwen2.5 0.5B Instruct (Q4_K_M)*\n',
    );
  });

  it('names the engine once when its label holds the model, and keeps a notice', () => {
    const builtin = {
      ...result,
      engine: 'builtin' as const,
      engineLabel: 'Gemini Nano (built into Chrome)',
      model: 'Gemini Nano',
      notice: 'Older turns were left out to fit.',
    };
    expect(answerMarkdown({ result: builtin })).toBe(
      'An answer.\n\n*Older turns were left out to fit.*\n\n*Gemini Nano (built into Chrome)*\n',
    );
  });

  it('keeps a title on one line', () => {
    expect(toMarkdown({ ...conversation, title: 'Two\nlines' })).toMatch(/^# Two lines\n/);
  });
});

describe('closeOpenFence', () => {
  it('leaves text without an open fence as it is', () => {
    expect(closeOpenFence('no code')).toBe('no code');
    expect(closeOpenFence('```js\nx\n```\nafter')).toBe('```js\nx\n```\nafter');
  });

  it('closes with the fence that opened', () => {
    expect(closeOpenFence('~~~~\ncode')).toBe('~~~~\ncode\n~~~~');
    expect(closeOpenFence('````\n```\nstill code')).toBe('````\n```\nstill code\n````');
  });

  it('does not take a fence with an info string, or of the other character, for a closing one', () => {
    expect(closeOpenFence('```\na\n```js')).toBe('```\na\n```js\n```');
    expect(closeOpenFence('```\na\n~~~')).toBe('```\na\n~~~\n```');
  });

  it('accepts a longer closing fence', () => {
    expect(closeOpenFence('```\na\n`````')).toBe('```\na\n`````');
  });
});

describe('toJson', () => {
  it('writes a versioned document with dates as ISO strings', () => {
    const document = JSON.parse(toJson(conversation)) as Record<string, unknown>;
    expect(Object.keys(document)).toEqual([
      'format',
      'version',
      'id',
      'title',
      'systemPrompt',
      'createdAt',
      'updatedAt',
      'turns',
    ]);
    expect(document).toMatchObject({
      format: 'inkling-conversation',
      version: 1,
      createdAt: '2025-01-02T10:30:15.000Z',
      updatedAt: '2025-01-02T10:35:00.000Z',
    });
  });

  it('reads back exactly what it wrote', () => {
    expect(fromJson(toJson(conversation))).toEqual(conversation);
    const bare: Conversation = { id: 'c2', title: 'New conversation', createdAt: 0, updatedAt: 1, turns: [] };
    expect(fromJson(toJson(bare))).toEqual(bare);
    expect(fromJson(toJson(bare))).not.toHaveProperty('systemPrompt');
  });

  it('gives the same text whatever order the fields were set in', () => {
    const reordered = structuredClone(conversation);
    const turn = reordered.turns[1] as AssistantTurn;
    const { result: original, ...rest } = turn;
    reordered.turns[1] = {
      result: Object.fromEntries(Object.entries(original!).reverse()) as GenerationResult,
      ...rest,
    };
    expect(toJson(reordered)).toBe(toJson(conversation));
  });

  it('is indented, ends with a newline and leaves out absent fields', () => {
    const json = toJson(answer({}));
    expect(json).toMatch(/^\{\n {2}"format": "inkling-conversation",\n/);
    expect(json.endsWith('}\n')).toBe(true);
    expect(json).not.toMatch(/systemPrompt|"error"|"result"/);
  });
});

describe('fromJson', () => {
  const valid = () => JSON.parse(toJson(conversation)) as Record<string, unknown>;
  const read = (document: unknown) => () => fromJson(JSON.stringify(document));

  it('refuses what is not an Inkling conversation, saying why', () => {
    expect(() => fromJson('not json')).toThrow('This file is not an Inkling conversation: it is not JSON.');
    expect(read({ ...valid(), format: 'other' })).toThrow(/^This file is not an Inkling conversation \(format\)/);
    expect(read({ ...valid(), version: 2 })).toThrow(/\(version\)/);
    expect(read({ ...valid(), createdAt: 'yesterday' })).toThrow(/\(createdAt\)/);
    expect(read({ ...valid(), turns: [{ id: 'a', role: 'assistant', text: '', status: 'thinking' }] })).toThrow(
      /\(turns\.0\.status\)/,
    );
  });

  it('ignores fields it does not know', () => {
    expect(fromJson(JSON.stringify({ ...valid(), exportedBy: 'Inkling 0.2' }))).toEqual(conversation);
  });
});

describe('exportFileName', () => {
  it('starts with the date and names the conversation', () => {
    expect(exportFileName(conversation, 'md')).toBe('inkling-2025-01-02-why-is-the-sky-blue.md');
    expect(exportFileName(conversation, 'json')).toBe('inkling-2025-01-02-why-is-the-sky-blue.json');
  });

  it('keeps no character a file system refuses', () => {
    const name = exportFileName({ ...conversation, title: '../CON: a/b\\c*?"<>|\u0000 .' }, 'md');
    expect(name).toBe('inkling-2025-01-02-con-a-b-c.md');
  });

  it('keeps letters of any script, and cuts a long title without splitting a character', () => {
    expect(exportFileName({ ...conversation, title: 'Café 東京 😀 Ünïcode' }, 'md')).toBe(
      'inkling-2025-01-02-café-東京-ünïcode.md',
    );
    const long = exportFileName({ ...conversation, title: '𝒜'.repeat(80) }, 'md');
    expect(long).toBe(`inkling-2025-01-02-${'𝒜'.repeat(50)}.md`);
  });

  it('falls back to a word when the title has no letters', () => {
    expect(exportFileName({ ...conversation, title: '?!' }, 'json')).toBe('inkling-2025-01-02-conversation.json');
  });
});
