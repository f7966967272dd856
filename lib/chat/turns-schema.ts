import * as v from 'valibot';
import { GenerationResultSchema } from '../stream/protocol';
import type { Turn } from './turns';

/** A conversation's turns as they travel or are read back from a file: checked field by field. */
export const TurnSchema = v.variant('role', [
  v.object({ id: v.pipe(v.string(), v.maxLength(100)), role: v.literal('user'), text: v.string() }),
  v.object({
    id: v.pipe(v.string(), v.maxLength(100)),
    role: v.literal('assistant'),
    text: v.string(),
    status: v.picklist(['streaming', 'done', 'stopped', 'failed']),
    result: v.optional(GenerationResultSchema),
    error: v.optional(v.string()),
  }),
]);

export const TurnsSchema = v.pipe(v.array(TurnSchema), v.maxLength(1_000));

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
/** Fails to compile if the schema and the Turn type drift apart. */
export type TurnSchemaMatchesTurn = Assert<Same<v.InferOutput<typeof TurnSchema>, Turn>>;
