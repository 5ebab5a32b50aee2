import { z } from 'zod';
import { EventData } from '@signalbox/domain';
import { BULK_LIMITS, BULK_OPERATIONS, type BulkOperation } from '@signalbox/contracts';
import { ZodSchema } from '../common/zod-schema.decorator';
import { RunFilterSchema } from './dto';

export const BulkRequestSchema = z
  .strictObject({
    /** A Temporal visibility query (ANDed with "interpreter runs still running"). */
    query: z.string().trim().min(1).max(2000).optional(),
    /** Or the filters of GET /api/runs. */
    filters: RunFilterSchema.optional(),
    operation: z.enum(BULK_OPERATIONS, { error: `must be one of ${BULK_OPERATIONS.join(', ')}` }),
    dryRun: z.boolean().default(false),
    perSecond: z.number().int().min(1).max(BULK_LIMITS.maxPerSecond, { error: `must be at most ${BULK_LIMITS.maxPerSecond}` }).default(BULK_LIMITS.defaultPerSecond),
    /** retry: inputs replacing the steps' own. */
    inputs: EventData.optional(),
    /** skip: the outcome each parked step takes, and its output. */
    outcome: z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, { error: 'must be an outcome such as success' }).optional(),
    output: EventData.optional(),
    /** fail: why. */
    reason: z.string().trim().min(1).max(500).optional(),
    /** signal: the named signal to send. */
    signal: z.strictObject({ name: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_.-]{0,63}$/, { error: 'must be a signal name such as customerConfirmed' }), payload: EventData.optional() }).optional(),
  })
  .superRefine((body, ctx) => {
    if ((body.query === undefined) === (body.filters === undefined)) ctx.addIssue({ code: 'custom', path: ['query'], message: 'give either query or filters (exactly one)' });
    if (body.operation === 'skip' && !body.outcome) ctx.addIssue({ code: 'custom', path: ['outcome'], message: 'a skip needs the outcome the parked steps take' });
    if (body.operation === 'signal' && !body.signal) ctx.addIssue({ code: 'custom', path: ['signal'], message: 'a signal operation needs the signal to send' });
  });

@ZodSchema(BulkRequestSchema)
export class BulkRequestDto {
  query?: string;
  filters?: z.infer<typeof RunFilterSchema>;
  operation!: BulkOperation;
  dryRun!: boolean;
  perSecond!: number;
  inputs?: Record<string, unknown>;
  outcome?: string;
  output?: Record<string, unknown>;
  reason?: string;
  signal?: { name: string; payload?: Record<string, unknown> };
}
