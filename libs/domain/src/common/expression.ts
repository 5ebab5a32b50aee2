import { z } from 'zod';

/**
 * A JSONata expression, evaluated against the run context
 * (`event`, `subject`, `data`, `nodes.<nodeId>.output`, `now`; see `ExpressionContext`). Syntax is checked by
 * `checkExpression`; this schema only bounds the text.
 */
export const Expression = z
  .string({ error: 'must be an expression' })
  .trim()
  .min(1, { error: 'is required' })
  .max(4000, { error: 'is longer than 4000 characters' });
export type Expression = z.infer<typeof Expression>;
