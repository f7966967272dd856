/** What the plain client saw of one streamed chat completion, timed with performance.now() in its page. */
export interface DirectGeneration {
  calledAt: number;
  firstAt?: number;
  lastAt?: number;
  text: string;
  completionTokens?: number;
}

export interface DirectRequest {
  url: string;
  model: string;
  content: string;
  maxTokens: number;
}

/**
 * A plain client of OpenAI's streaming chat API, with nothing of Inkling: a fetch and a minimal SSE
 * reader, run in an ordinary page of the same browser (pass it to `page.evaluate`). Self-contained:
 * Playwright sends its source to the page.
 */
export async function directGenerate(request: DirectRequest): Promise<DirectGeneration> {
  const calledAt = performance.now();
  const response = await fetch(request.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      model: request.model,
      messages: [{ role: 'user', content: request.content }],
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: request.maxTokens,
      temperature: 0,
    }),
  });
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const result: DirectGeneration = { calledAt, text: '' };
  let buffer = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return result;
    buffer += value;
    let end = buffer.indexOf('\n\n');
    while (end !== -1) {
      const data = buffer.slice(0, end).replace(/^data: /, '');
      buffer = buffer.slice(end + 2);
      end = buffer.indexOf('\n\n');
      if (data === '[DONE]') return result;
      const chunk = JSON.parse(data) as {
        choices: { delta?: { content?: string } }[];
        usage?: { completion_tokens: number };
      };
      const content = chunk.choices[0]?.delta?.content;
      if (content) {
        const now = performance.now();
        result.firstAt ??= now;
        result.lastAt = now;
        result.text += content;
      }
      if (chunk.usage) result.completionTokens = chunk.usage.completion_tokens;
    }
  }
}
