import { afterEach, describe, expect, it } from 'vitest';
import { createFakeSummarizer, fakeSummary } from '../../tests/fakes/fake-summarizer';
import { collect } from '../../tests/unit/streams';
import { SummarizerEngine } from './summarizer';

function install(config: Parameters<typeof createFakeSummarizer>[0] = {}) {
  const fake = createFakeSummarizer(config);
  (globalThis as { Summarizer?: unknown }).Summarizer = fake.api;
  return fake;
}

afterEach(() => {
  delete (globalThis as { Summarizer?: unknown }).Summarizer;
});

const request = (text: string, signal = new AbortController().signal) => ({
  messages: [{ role: 'user' as const, content: text }],
  options: {},
  signal,
});

describe('SummarizerEngine', () => {
  it('is unavailable, and accepts nothing, in a browser without the API', async () => {
    const engine = new SummarizerEngine();
    expect((await engine.availability()).state).toBe('unavailable');
    expect(await engine.accepts('Some text.')).toBe(false);
  });

  it('accepts a text within its input quota only when it is ready', async () => {
    install({ inputQuota: 10 });
    const engine = new SummarizerEngine();
    expect(await engine.accepts('Short text.')).toBe(true);
    expect(await engine.accepts('A text that is far longer than forty characters, so over the quota.')).toBe(false);
  });

  it('does not take summaries while its model still has to be downloaded', async () => {
    install({ availability: 'downloadable' });
    expect(await new SummarizerEngine().accepts('Short text.')).toBe(false);
  });

  it('streams key points in markdown, in the request’s language', async () => {
    const fake = install();
    const text = 'Sea otters hold hands while they sleep so that they do not drift apart.';
    const result = await collect(new SummarizerEngine().stream({ ...request(text), options: { language: 'es' } }));
    expect(result.text).toBe(fakeSummary(text));
    expect(result.chunks.length).toBeGreaterThan(3);
    expect(result.finish).toEqual({ finishReason: 'stop' });
    expect(fake.log.creates[0]).toMatchObject({ type: 'key-points', format: 'markdown', outputLanguage: 'es' });
  });

  it('ends as cancelled when aborted', async () => {
    const fake = install({ chunkDelayMs: 10 });
    const controller = new AbortController();
    const generator = new SummarizerEngine().stream(
      request('One two three four five six seven eight nine ten.', controller.signal),
    );
    await generator.next();
    controller.abort();
    const rest = await collect(generator);
    expect(rest.finish).toEqual({ finishReason: 'cancelled' });
    expect(fake.log.aborts).toBe(1);
  });

  it('a text over the quota is a plain input-too-large error', async () => {
    install({ inputQuota: 2 });
    await expect(
      collect(new SummarizerEngine().stream(request('This text is too long for the quota.'))),
    ).rejects.toMatchObject({ code: 'input-too-large' });
  });
});
