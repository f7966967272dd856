import { type ModelQuote, QUOTES_HEADER } from './quoted-answer';

/** The structured answer asked of engines that follow a JSON schema (the Prompt API's responseConstraint). */
export const QUOTED_ANSWER_SCHEMA = {
  type: 'object',
  properties: {
    answer: { type: 'string' },
    quotes: {
      type: 'array',
      items: {
        type: 'object',
        properties: { text: { type: 'string' }, page: { type: 'integer', minimum: 1 } },
        required: ['text', 'page'],
      },
    },
  },
  required: ['answer', 'quotes'],
} as const;

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '"': '"', '\\': '\\', '/': '/' };

/**
 * Reads the structured answer as it streams and gives it back in the text format: the `answer`
 * string's characters as soon as they arrive (escapes decoded, a split escape held until whole),
 * then, when the JSON is complete, its quotes.
 */
export function createJsonAnswerReader() {
  let json = '';
  /** Where the answer string's next character is, once its opening quote is seen. */
  let at = -1;
  let closed = false;
  return {
    push(delta: string): string {
      json += delta;
      if (closed) return '';
      if (at === -1) {
        const open = /"answer"\s*:\s*"/.exec(json);
        if (!open) return '';
        at = open.index + open[0].length;
      }
      let out = '';
      while (at < json.length) {
        const char = json[at]!;
        if (char === '"') {
          closed = true;
          break;
        }
        if (char !== '\\') {
          out += char;
          at++;
          continue;
        }
        const next = json[at + 1];
        if (next === undefined) break;
        if (next === 'u') {
          if (at + 6 > json.length) break;
          out += String.fromCharCode(Number.parseInt(json.slice(at + 2, at + 6), 16));
          at += 6;
        } else {
          out += ESCAPES[next] ?? next;
          at += 2;
        }
      }
      return out;
    },
    /** The quotes, in the text format, once the whole JSON has come; a broken JSON gives none. */
    end(): string {
      let quotes: ModelQuote[] = [];
      try {
        const parsed = JSON.parse(json) as { quotes?: unknown };
        if (Array.isArray(parsed.quotes)) quotes = parsed.quotes.filter(isQuote);
      } catch {
        return '';
      }
      if (quotes.length === 0) return '';
      // One quote a line: a quote's own line breaks are whitespace, which the check ignores anyway.
      const line = (quote: ModelQuote, index: number) =>
        `[${index + 1}] "${quote.text.replace(/\s+/g, ' ').trim()}" (page ${quote.page ?? 1})`;
      const lines = quotes.map(line);
      return `\n\n${QUOTES_HEADER}\n${lines.join('\n')}`;
    },
  };
}

const isQuote = (value: unknown): value is ModelQuote =>
  typeof value === 'object' && value !== null && typeof (value as ModelQuote).text === 'string';

/**
 * Reads an answer asked for as JSON that a server may still give as text (it accepted the schema
 * but ignored it): JSON is read as it streams, anything else goes on as the text format.
 */
export function createStructuredAnswerReader() {
  const json = createJsonAnswerReader();
  let head = '';
  let isJson: boolean | undefined;
  return {
    push(delta: string): string {
      if (isJson === undefined) {
        head += delta;
        const first = head.trimStart()[0];
        if (first === undefined) return '';
        isJson = first === '{';
        delta = head;
      }
      return isJson ? json.push(delta) : delta;
    },
    end: (): string => (isJson ? json.end() : ''),
  };
}
