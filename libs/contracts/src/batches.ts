import { z } from 'zod';
import { Code, Description, ServiceTypeCode, Slug, TimeZone, type Subject } from '@signalbox/domain';
import { BATCH_LIMITS } from './batch-limits';

export { BATCH_LIMITS } from './batch-limits';

/*
 * Batch runs: an event code raised for a set of subjects — the lines of an uploaded CSV or the
 * rows of a query over provisioning status or service orders — once or on a recurring schedule.
 * Each definition is a Temporal Schedule (`batch:<code>`, visible on the Temporal UI's Schedules
 * page) whose action starts `batchRunWorkflow`; each execution pages through the subjects and
 * starts one interpreter run per subject with an idempotency key made of the execution and the
 * subject, so a retried page or a restarted worker never starts a subject twice.
 */

export const ORDER_STATES_FOR_QUERY = ['NEW', 'READY', 'PROCESSING', 'COMPLETED', 'FAILED'] as const;

/** Cron with 5 to 7 fields of the characters cron uses; Temporal parses it fully when the schedule is made. */
const Cron = z
  .string()
  .trim()
  .max(200)
  .regex(/^(?:[0-9A-Za-z*?/,#LW-]+\s+){4,6}[0-9A-Za-z*?/,#LW-]+$|^@(?:yearly|annually|monthly|weekly|daily|hourly)$/, {
    error: 'must be a cron expression of 5 fields (minute hour day-of-month month day-of-week), e.g. 0 2 1 * *',
  });

/** 1m … 366d, as Temporal intervals take it. */
const Every = z.string().regex(/^[1-9][0-9]{0,5}(s|m|h|d)$/, { error: 'must be a duration such as 30m, 6h or 1d' });

export const BatchSchedule = z.discriminatedUnion('kind', [
  /** Runs when triggered (POST …/trigger), or once at `at`. */
  z.strictObject({ kind: z.literal('once'), at: z.iso.datetime({ offset: true, error: 'must be an ISO date-time such as 2026-12-01T02:00:00Z' }).optional() }),
  z.strictObject({ kind: z.literal('cron'), cron: Cron, timeZone: TimeZone.default('UTC') }),
  z.strictObject({ kind: z.literal('interval'), every: Every, timeZone: TimeZone.default('UTC') }),
]);
export type BatchSchedule = z.infer<typeof BatchSchedule>;

export const BatchQuery = z.discriminatedUnion('over', [
  /** Subjects Signalbox last provisioned at a provider (optionally of one service type). */
  z.strictObject({ over: z.literal('provisioning-status'), provider: Slug, serviceType: ServiceTypeCode.optional() }),
  /** Subjects of a provider's service orders in a state (e.g. FAILED), each subject once. */
  z.strictObject({ over: z.literal('service-orders'), provider: Slug, state: z.enum(ORDER_STATES_FOR_QUERY) }),
]);
export type BatchQuery = z.infer<typeof BatchQuery>;


export const CreateBatch = z
  .strictObject({
    code: Slug,
    eventCode: Code,
    description: Description,
    /** CSV text: a header of subject keys (msisdn, accountId…) and `data.<name>` columns, then one subject per line. */
    csv: z.string().max(BATCH_LIMITS.maxLines * 200, { error: 'is too large: at most 20 MB of CSV' }).optional(),
    query: BatchQuery.optional(),
    /** Accept a CSV with bad lines, leaving them out (they are listed in the answer). */
    skipBadLines: z.boolean().default(false),
    schedule: BatchSchedule,
    paused: z.boolean().default(false),
    paging: z
      .strictObject({
        /** Subjects read and started per page activity. */
        pageSize: z.number().int().min(1).max(500, { error: 'must be at most 500' }).default(BATCH_LIMITS.pageSize),
        /** Runs started per second at most, so a large batch does not flood the workers. */
        startsPerSecond: z.number().min(0.1).max(1000, { error: 'must be at most 1000' }).default(50),
      })
      .default({ pageSize: BATCH_LIMITS.pageSize, startsPerSecond: 50 }),
  })
  .superRefine((b, ctx) => {
    if ((b.csv === undefined) === (b.query === undefined)) ctx.addIssue({ code: 'custom', path: ['csv'], message: 'give exactly one of csv or query' });
    if (b.paging.pageSize / b.paging.startsPerSecond > 3600) ctx.addIssue({ code: 'custom', path: ['paging', 'pageSize'], message: 'a page would take over an hour at startsPerSecond: make pages smaller or starts faster' });
  });
export type CreateBatch = z.infer<typeof CreateBatch>;

export type BatchPaging = CreateBatch['paging'];

/** Where an execution's subjects come from, as stored with the definition. */
export type BatchSource = { kind: 'csv'; lines: number; skipped: number } | ({ kind: 'query' } & BatchQuery);

/** One subject of a batch, with the event data its line carries. */
export interface BatchSubject {
  /** Stable key within the definition: the CSV line number, or the query row's subject key. */
  key: string;
  subject: Subject;
  data: Record<string, unknown>;
}

export interface BatchRunInput {
  batchCode: string;
  /** Carried across continue-as-new: the execution already opened and where its paging stands. */
  executionId?: string;
  cursor?: string;
}

/** The run log entry (GET /api/batches/{code}/executions) holds the counts. */
export interface BatchRunResult {
  executionId: string;
}
export type BatchRunWorkflow = (input: BatchRunInput) => Promise<BatchRunResult>;

/** The Temporal Schedule of a batch definition. */
export function batchScheduleId(code: string): string {
  return `batch:${code}`;
}

/** The idempotency key of a subject's run in one execution: a repeat of the page finds the run instead of starting another. */
export function batchRunEventId(executionKey: string, subjectKey: string): string {
  return `batch-${executionKey}-${subjectKey}`;
}
