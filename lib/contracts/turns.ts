import * as v from 'valibot';
import { GenerationResultSchema } from './result';
import { TurnSourceSchema } from './source';

const TurnId = v.pipe(v.string(), v.maxLength(100));

export const UserTurnSchema = v.object({
  id: TurnId,
  role: v.literal('user'),
  text: v.string(),
  /**
   * What later requests send in place of `text`: a quote too long for the model's context is not sent
   * again with every follow-up; the answer after it (its summary) stands for it.
   */
  brief: v.optional(v.string()),
  /** The conversation's sources this question was about, and how much of each was read. */
  sources: v.optional(v.array(TurnSourceSchema)),
});

export const AssistantTurnSchema = v.object({
  id: TurnId,
  role: v.literal('assistant'),
  text: v.string(),
  status: v.picklist(['streaming', 'done', 'stopped', 'failed']),
  result: v.optional(GenerationResultSchema),
  error: v.optional(v.string()),
});

/** A conversation's turns as they are stored, travel or are read back from a file. */
export const TurnSchema = v.variant('role', [UserTurnSchema, AssistantTurnSchema]);
export const TurnsSchema = v.pipe(v.array(TurnSchema), v.maxLength(1_000));

export type UserTurn = v.InferOutput<typeof UserTurnSchema>;
export type AssistantTurn = v.InferOutput<typeof AssistantTurnSchema>;
export type Turn = v.InferOutput<typeof TurnSchema>;
