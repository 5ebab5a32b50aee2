import { z } from 'zod';
import { Duration } from '../common/duration';
import { Code, Description, Name, Slug } from '../common/ids';

export const RetryPolicy = z.strictObject({
  maximumAttempts: z.number().int().min(1).max(100).default(5),
  initialInterval: Duration.default('1s'),
  backoffCoefficient: z.number().min(1).max(10).default(2),
  maximumInterval: Duration.default('1m'),
});
export type RetryPolicy = z.infer<typeof RetryPolicy>;

/**
 * What a failed (retries exhausted) or timed-out step with no edge for that outcome does: park the
 * run as an incident for an operator to retry, skip or fail (the default), or fail the run at once.
 * Set on the action code; a graph node may override it.
 */
export const OnFailure = z.enum(['incident', 'fail'], { error: 'must be incident or fail' });
export type OnFailure = z.infer<typeof OnFailure>;

/**
 * A configured instance of an action type that analysts place on the canvas
 * (e.g. HSS_ACTIVATE_GPRS). `parameters` are checked against the type's schema by
 * `validateActionCode`, since the shape depends on `actionType`.
 */
export const ActionCode = z.strictObject({
  code: Code,
  actionType: Slug,
  name: Name,
  description: Description,
  parameters: z.record(z.string(), z.unknown()).default({}),
  retry: RetryPolicy.optional(),
  /** Action code that undoes this one when a later step times out (saga compensation). */
  compensation: Code.optional(),
  onFailure: OnFailure.optional(),
});
export type ActionCode = z.infer<typeof ActionCode>;
