import { ApiOkResponse } from '@nestjs/swagger';
import { z } from 'zod';
import { RUN_STATUSES, type RunState } from '@signalbox/contracts';
import { WorkflowGraph } from '@signalbox/domain';
import { ZodSchema } from '../common/zod-schema.decorator';

/*
 * What GET /api/runs and GET /api/runs/{id} answer, as zod schemas: documented in OpenAPI (the
 * designer's types are generated from it) and the controller's return types are inferred from
 * them. A run's per-node state is the workflow's RunState (contracts' type; documented as an
 * object, typed by contracts on both sides).
 */

export const RunSummaryView = z.object({
  runId: z.string(),
  eventCode: z.string().nullable(),
  eventType: z.string().nullable(),
  version: z.number().int().nullable(),
  status: z.enum(RUN_STATUSES),
  subject: z.record(z.string(), z.string()),
  isTest: z.boolean(),
  startedAt: z.string().nullable(),
  /** For a run raised with scheduledAt that has not begun yet: when it will. */
  startsAt: z.string().optional(),
  closedAt: z.string().optional(),
  /** A run parked as an incident: the parked node and its error (first 256 characters). */
  incident: z.object({ nodeId: z.string(), error: z.string() }).optional(),
  temporalUrl: z.string(),
});

export const RunPageView = z.object({ items: z.array(RunSummaryView), nextPageToken: z.string().nullable() });

export const RunDetailView = RunSummaryView.extend({
  temporalRunId: z.string(),
  graph: WorkflowGraph.nullable(),
  data: z.record(z.string(), z.unknown()).nullable(),
  state: z.custom<RunState>((v) => typeof v === 'object').nullable(),
  /** The run whose link-event step started this one (absent for a run raised directly). */
  parentRunId: z.string().optional(),
  /** Why `state` is missing (e.g. no worker answered the query). */
  stateError: z.string().optional(),
});
export type RunSummaryView = z.infer<typeof RunSummaryView>;
export type RunPageView = z.infer<typeof RunPageView>;
export type RunDetailView = z.infer<typeof RunDetailView>;

@ZodSchema(RunPageView, 'RunPageView')
class RunPageViewDto {}
@ZodSchema(RunDetailView, 'RunDetailView')
class RunDetailViewDto {}

export const RunPageResponse = () => ApiOkResponse({ type: RunPageViewDto, description: 'One page of runs, newest first' });
export const RunDetailResponse = () => ApiOkResponse({ type: RunDetailViewDto, description: 'The run, its graph and its per-node state' });
