import { z } from 'zod';
import { EventData } from '@signalbox/domain';
import { RUN_STATUSES, type RunStatus } from '@signalbox/contracts';
import { ZodSchema } from '../common/zod-schema.decorator';

const key = z
  .string()
  .trim()
  .min(1)
  .max(128)
  // eslint-disable-next-line no-control-regex -- control characters are what it refuses
  .regex(/^[^'"\\\u0000-\u001f\u007f]+$/, { error: 'must not contain quotes, backslashes or control characters' })
  .optional();

/** The filters of GET /api/runs (also the `filters` of a bulk operation). */
export const RunFilterSchema = z.strictObject({
  eventCode: z.string().regex(/^[A-Z][A-Z0-9_]{1,63}$/, { error: 'must be an event code such as SIM_SWAP' }).optional(),
  msisdn: z.string().regex(/^\+?[0-9]{6,15}$/, { error: 'must be 6–15 digits, optionally starting with +' }).optional(),
  accountId: key,
  serviceId: key,
  status: z.enum(RUN_STATUSES, { error: `must be one of ${RUN_STATUSES.join(', ')}` }).optional(),
  isTest: z.enum(['true', 'false'], { error: 'must be true or false' }).transform((v) => v === 'true').optional(),
  from: z.iso.datetime({ offset: true, error: 'must be an ISO date-time such as 2026-12-01T09:00:00Z' }).optional(),
  to: z.iso.datetime({ offset: true, error: 'must be an ISO date-time such as 2026-12-01T09:00:00Z' }).optional(),
  /** Parked runs: the node that is parked, and the start of its error (what ops group incidents by). */
  incidentNode: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'must be a node id such as activate' }).optional(),
  incidentError: key,
});

@ZodSchema(
  RunFilterSchema.extend({
    pageSize: z.coerce.number({ error: 'must be a number' }).int().min(1).max(200, { error: 'must be at most 200' }).default(50),
    pageToken: z.string().regex(/^[A-Za-z0-9_-]+$/, { error: 'must be a nextPageToken from an earlier page' }).max(8192).optional(),
  }),
)
export class RunQueryDto {
  eventCode?: string;
  msisdn?: string;
  accountId?: string;
  serviceId?: string;
  status?: RunStatus;
  isTest?: boolean;
  from?: string;
  to?: string;
  incidentNode?: string;
  incidentError?: string;
  pageSize!: number;
  pageToken?: string;
}

@ZodSchema(
  z.strictObject({
    name: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_.-]{0,63}$/, { error: 'must be a signal name such as customerConfirmed' }),
    payload: EventData.optional(),
  }),
)
export class RunSignalDto {
  name!: string;
  payload?: Record<string, unknown>;
}

/** A node id as the graph names it (several incidents may be open on parallel paths). */
const incidentNode = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'must be the id of the parked node' }).optional();

@ZodSchema(z.strictObject({ nodeId: incidentNode, inputs: EventData.optional() }))
export class IncidentRetryDto {
  nodeId?: string;
  /** Replace some of the step's inputs for this attempt (the others are evaluated as before). */
  inputs?: Record<string, unknown>;
}

@ZodSchema(
  z.strictObject({
    nodeId: incidentNode,
    outcome: z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, { error: 'must be an outcome such as success' }),
    output: EventData.optional(),
  }),
)
export class IncidentSkipDto {
  nodeId?: string;
  outcome!: string;
  output?: Record<string, unknown>;
}

@ZodSchema(z.strictObject({ nodeId: incidentNode, reason: z.string().trim().min(1).max(500).optional() }))
export class IncidentFailDto {
  nodeId?: string;
  reason?: string;
}
