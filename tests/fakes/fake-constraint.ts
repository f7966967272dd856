/**
 * The Prompt API's `responseConstraint` as the fake follows it (explainer, "Structured output or JSON
 * output"; @types/dom-chromium-ai `LanguageModelPromptOptions.responseConstraint`): a JSON schema
 * makes the reply JSON that the schema accepts, a RegExp a reply that it matches. Chrome rejects a
 * schema it cannot follow with NotSupportedError; so does the fake, for the few keywords it knows not.
 */

type Schema = {
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  minimum?: number;
};

const KNOWN = new Set(['type', 'properties', 'required', 'items', 'minimum', 'additionalProperties', 'description']);

/** Whether `value` is what `schema` describes; throws NotSupportedError for a schema it cannot read. */
export function conforms(value: unknown, schema: Schema): boolean {
  for (const key of Object.keys(schema))
    if (!KNOWN.has(key)) throw new DOMException(`Unsupported schema keyword: ${key}`, 'NotSupportedError');
  switch (schema.type) {
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
      const record = value as Record<string, unknown>;
      if (!(schema.required ?? []).every((key) => key in record)) return false;
      return Object.entries(schema.properties ?? {}).every(
        ([key, property]) => !(key in record) || conforms(record[key], property),
      );
    }
    case 'array':
      return Array.isArray(value) && value.every((item) => !schema.items || conforms(item, schema.items));
    case 'string':
      return typeof value === 'string';
    case 'integer':
    case 'number':
      return (
        typeof value === 'number' &&
        (schema.type === 'number' || Number.isInteger(value)) &&
        (schema.minimum === undefined || value >= schema.minimum)
      );
    case 'boolean':
      return typeof value === 'boolean';
    default:
      throw new DOMException(`Unsupported schema type: ${schema.type}`, 'NotSupportedError');
  }
}

/** A value the schema accepts, for a prompt the test gave no structured reply for. */
function example(schema: Schema, text: string): unknown {
  switch (schema.type) {
    case 'object':
      return Object.fromEntries((schema.required ?? []).map((key) => [key, example(schema.properties![key]!, text)]));
    case 'array':
      return [];
    case 'integer':
    case 'number':
      return schema.minimum ?? 0;
    case 'boolean':
      return false;
    default:
      return text;
  }
}

/** The reply under a constraint: the test's structured reply, which must follow it, or one that does. */
export function constrainedReply(constraint: unknown, structured: unknown, text: string): string {
  if (constraint instanceof RegExp) {
    if (!constraint.test(text)) throw new Error(`The fake's reply does not match ${constraint}.`);
    return text;
  }
  if (typeof constraint !== 'object' || constraint === null)
    throw new DOMException('responseConstraint must be a JSON schema or a RegExp.', 'NotSupportedError');
  const schema = constraint as Schema;
  const value = structured ?? example(schema, text);
  if (!conforms(value, schema)) throw new Error('The structured reply the test gave does not follow the schema.');
  return JSON.stringify(value);
}
