import { useState } from 'preact/hooks';
import * as v from 'valibot';

/**
 * A settings form's validation. `validate` parses the form's values with a valibot schema: on
 * success it clears the error and returns the output; otherwise it keeps the first issue's message
 * to show, after the field `where` names from the issue's path, and returns undefined.
 */
export function useValidation() {
  const [error, setError] = useState<string>();
  function validate<Schema extends v.GenericSchema>(
    schema: Schema,
    input: unknown,
    where?: (path: unknown[]) => string | undefined,
  ): v.InferOutput<Schema> | undefined {
    const parsed = v.safeParse(schema, input);
    if (parsed.success) {
      setError(undefined);
      return parsed.output;
    }
    const [issue] = parsed.issues;
    const field = where?.(issue.path?.map((item) => item.key) ?? []);
    setError(field ? `${field}: ${issue.message}` : issue.message);
    return undefined;
  }
  return { error, validate };
}

/** The form's error, read out as soon as it appears. */
export function FormError({ error }: { error: string | undefined }) {
  return error ? (
    <p class="error" role="alert">
      {error}
    </p>
  ) : null;
}
