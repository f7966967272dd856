import { describe, expect, it } from 'vitest';
import type { GenerationResult } from '../contracts/result';
import { formatMetrics } from './format-metrics';

function result(overrides: Partial<GenerationResult> = {}): GenerationResult {
  return {
    text: 'Hello there',
    engine: 'builtin',
    engineLabel: 'Gemini Nano',
    model: 'gemini-nano',
    finishReason: 'stop',
    tokensUsed: 42,
    tokensEstimated: false,
    timeToFirstTokenMs: 120.4,
    latencyMs: 900,
    tokensPerSecond: 25.25,
    ...overrides,
  };
}

describe('formatMetrics', () => {
  it('names the engine once when its label already names the model', () => {
    expect(formatMetrics(result({ engineLabel: 'Gemini Nano (built into Chrome)', model: 'Gemini Nano' }))).toMatch(
      / · Gemini Nano \(built into Chrome\)$/,
    );
  });

  it('says where your server runs, in the panel and on the page’s card alike', () => {
    expect(
      formatMetrics(result({ engine: 'server', engineLabel: 'Your server on gpu-box.lan', model: 'qwen3:8b' })),
    ).toMatch(/ · Your server on gpu-box\.lan: qwen3:8b$/);
  });

  it('gives time to first token, speed, size and the engine', () => {
    expect(formatMetrics(result())).toBe('first token 120 ms · 25.3 tokens/s · 42 tokens · Gemini Nano: gemini-nano');
  });

  it('says how much of the prompt was read when the engine reused the rest, and nothing when it read all', () => {
    expect(formatMetrics(result({ inputTokens: 300, inputTokensRead: 12 }))).toBe(
      'first token 120 ms · 25.3 tokens/s · 42 tokens · 12 of 300 prompt tokens read · Gemini Nano: gemini-nano',
    );
    expect(formatMetrics(result({ inputTokens: 300, inputTokensRead: 300 }))).not.toContain('prompt tokens');
  });

  it('gives a first token of a second or more in seconds', () => {
    expect(formatMetrics(result({ timeToFirstTokenMs: 1000 }))).toBe(
      'first token 1.0 s · 25.3 tokens/s · 42 tokens · Gemini Nano: gemini-nano',
    );
    expect(formatMetrics(result({ timeToFirstTokenMs: 2345 }))).toBe(
      'first token 2.3 s · 25.3 tokens/s · 42 tokens · Gemini Nano: gemini-nano',
    );
  });

  it('gives the time to first token the surface measured, when it did', () => {
    expect(formatMetrics(result({ clientTimeToFirstTokenMs: 151.2 }))).toMatch(/^first token 151 ms · /);
  });

  it('rounds milliseconds', () => {
    expect(formatMetrics(result({ timeToFirstTokenMs: 0 }))).toMatch(/^first token 0 ms · /);
    expect(formatMetrics(result({ timeToFirstTokenMs: 7.6 }))).toMatch(/^first token 8 ms · /);
  });

  it('says so when no token came', () => {
    expect(formatMetrics(result({ timeToFirstTokenMs: undefined, tokensUsed: 0, tokensPerSecond: 0 }))).toBe(
      'no tokens · 0.0 tokens/s · 0 tokens · Gemini Nano: gemini-nano',
    );
  });

  it('marks an estimated token count', () => {
    expect(formatMetrics(result({ tokensEstimated: true }))).toBe(
      'first token 120 ms · 25.3 tokens/s · ~42 tokens · Gemini Nano: gemini-nano',
    );
  });

  it('starts with Stopped for a cancelled answer', () => {
    expect(formatMetrics(result({ finishReason: 'cancelled' }))).toBe(
      'Stopped · first token 120 ms · 25.3 tokens/s · 42 tokens · Gemini Nano: gemini-nano',
    );
  });

  it('starts with the token limit for an answer cut short', () => {
    expect(formatMetrics(result({ finishReason: 'length' }))).toBe(
      'Cut at the token limit · first token 120 ms · 25.3 tokens/s · 42 tokens · Gemini Nano: gemini-nano',
    );
  });
});
