import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Client, isGrpcServiceError, ScheduleAlreadyRunning, ScheduleNotFoundError, ServiceError } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { Slug } from '@signalbox/domain';
import { batchScheduleId, runWorkflowId, type BatchSource, type CreateBatch } from '@signalbox/contracts';
import { BatchStore, type BatchExecutionRow } from '@signalbox/persistence';
import { AuditService } from '../audit/audit.service';
import { ApiError, conflict, notFound, validationFailed } from '../common/api-error';
import type { ApiConfigShape } from '../config/api.config';
import { parseBatchCsv, type CsvLine } from './batch-csv';
import { batchScheduleOptions } from './batch-schedule';

const INVALID_ARGUMENT = 3;

/**
 * 503 for a Temporal call that failed on the way (server down or unreachable: the client's
 * ServiceError), saying what it left; anything else as it is.
 */
function temporalUnavailable(err: unknown, outcome: string): unknown {
  if (!(err instanceof ServiceError)) return err;
  const cause = err.cause instanceof Error ? `: ${err.cause.message}` : '';
  return new ApiError(503, `Temporal did not answer (${err.message}${cause}); ${outcome}`);
}

/**
 * Batch definitions and their Temporal Schedules. A definition is written in the same transaction
 * that creates its schedule, so a schedule Temporal refuses (a cron it cannot parse) leaves
 * nothing behind, and a bad CSV line stops everything before either is made.
 */
@Injectable()
export class BatchesService {
  private readonly store: BatchStore;
  private readonly taskQueue: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly client: Client,
    private readonly audit: AuditService,
    @Inject(ConfigService) config: ConfigService<ApiConfigShape, true>,
  ) {
    this.store = new BatchStore(dataSource);
    this.taskQueue = config.getOrThrow('api', { infer: true }).temporal.taskQueue;
  }

  async create(body: CreateBatch, actor: string) {
    const requiredKeys = await this.publishedEventCode(body.eventCode);
    let lines: CsvLine[] = [];
    let source: BatchSource;
    let skipped: { problems: { path: string; message: string }[]; badLines: number } | undefined;
    if (body.csv !== undefined) {
      const parsed = parseBatchCsv(body.csv, requiredKeys);
      if (parsed.badLines > 0 && (!body.skipBadLines || parsed.lines.length === 0)) {
        throw validationFailed(parsed.problems, `${parsed.badLines} bad line${parsed.badLines === 1 ? '' : 's'} in the CSV; nothing was created${parsed.lines.length ? ' (skipBadLines: true leaves them out)' : ''}`);
      }
      if (parsed.lines.length === 0) throw validationFailed([{ path: 'csv', message: 'has no subject lines' }]);
      lines = parsed.lines;
      source = { kind: 'csv', lines: lines.length, skipped: parsed.badLines };
      if (parsed.badLines) skipped = { problems: parsed.problems, badLines: parsed.badLines };
    } else {
      source = { kind: 'query', ...body.query! };
    }

    await this.dataSource.transaction(async (em) => {
      if (await this.store.exists(body.code, em)) throw conflict(`batch ${body.code} already exists: delete it first or choose another code`);
      await this.store.create({ code: body.code, eventCode: body.eventCode, ...(body.description ? { description: body.description } : {}), source, schedule: body.schedule, paging: body.paging }, lines, em);
      await this.audit.record(em, { actor, action: 'create', entityKind: 'batch', code: body.code, details: { eventCode: body.eventCode, source, schedule: body.schedule, paused: body.paused } });
      try {
        await this.client.schedule.create(batchScheduleOptions(body.code, body.schedule, { taskQueue: this.taskQueue, paused: body.paused }));
      } catch (err) {
        if (err instanceof ScheduleAlreadyRunning) throw conflict(`a Temporal schedule ${batchScheduleId(body.code)} already exists (left from an earlier deployment?): delete it in the Temporal UI or choose another code`);
        // The schedule client reports the server's INVALID_ARGUMENT (a cron it cannot parse) as a TypeError.
        if (err instanceof TypeError || (isGrpcServiceError(err) && err.code === INVALID_ARGUMENT)) {
          const detail = isGrpcServiceError(err) ? (err.details ?? err.message) : err.message;
          throw validationFailed([{ path: body.schedule.kind === 'cron' ? 'schedule.cron' : 'schedule', message: `Temporal refused the schedule: ${detail}` }]);
        }
        throw temporalUnavailable(err, 'the batch was not created');
      }
    });
    // `once` without a time runs now — triggered only after the definition is committed, so the
    // execution finds it.
    if (body.schedule.kind === 'once' && !body.schedule.at && !body.paused) await this.client.schedule.getHandle(batchScheduleId(body.code)).trigger();
    return { ...(await this.get(body.code)), ...(skipped ? { skipped } : {}) };
  }

  async list() {
    return { items: await this.store.list() };
  }

  async get(code: string) {
    const def = await this.store.get(checkCode(code));
    if (!def) throw notFound('batch', code);
    const schedule = await this.client.schedule
      .getHandle(batchScheduleId(code))
      .describe()
      .then(
        (d) => ({
          id: d.scheduleId,
          paused: d.state.paused,
          note: d.state.note ?? null,
          remainingActions: d.state.remainingActions ?? null,
          nextActionTimes: d.info.nextActionTimes.slice(0, 5).map((t) => t.toISOString()),
          recentActions: d.info.recentActions.slice(-5).map((a) => ({ scheduledAt: a.scheduledAt.toISOString(), takenAt: a.takenAt.toISOString(), workflowId: a.action.workflow.workflowId })),
        }),
        (err: unknown) => {
          if (err instanceof ScheduleNotFoundError) return null;
          throw temporalUnavailable(err, 'try again shortly');
        },
      );
    return { ...def, schedule };
  }

  async pause(code: string, actor: string) {
    await this.onSchedule(code, actor, 'pause', (h) => h.pause(`paused by ${actor}`));
    return this.get(code);
  }

  async resume(code: string, actor: string) {
    await this.onSchedule(code, actor, 'resume', (h) => h.unpause(`resumed by ${actor}`));
    return this.get(code);
  }

  async trigger(code: string, actor: string) {
    await this.onSchedule(code, actor, 'trigger', (h) => h.trigger('SKIP'));
    return this.get(code);
  }

  async remove(code: string, actor: string): Promise<void> {
    checkCode(code);
    await this.dataSource.transaction(async (em) => {
      if (!(await this.store.delete(code, em))) throw notFound('batch', code);
      await this.audit.record(em, { actor, action: 'delete', entityKind: 'batch', code, details: null });
      await this.client.schedule
        .getHandle(batchScheduleId(code))
        .delete()
        .catch((err: unknown) => {
          if (!(err instanceof ScheduleNotFoundError)) throw temporalUnavailable(err, 'the batch was not deleted');
        });
    });
  }

  /**
   * The run log: each execution with its paging counts and, from Temporal's visibility, how its
   * runs stand now (completed, failed, incidents, still open).
   */
  async executions(code: string, limit: number) {
    if (!(await this.store.get(checkCode(code)))) throw notFound('batch', code);
    const rows = await this.store.executions(code, limit);
    return { items: await Promise.all(rows.map((row) => this.withRunCounts(row))) };
  }

  private async withRunCounts(row: BatchExecutionRow) {
    // Every run of the execution has the id run:<event code>:batch-<execution id>-<subject>.
    const prefix = runWorkflowId(row.eventCode, `batch-${row.id}-`);
    const base = `WorkflowId STARTS_WITH '${prefix}'`;
    try {
      const [completed, failed, incidents, open] = await Promise.all(
        [`RunStatus = 'Completed'`, `RunStatus = 'Failed'`, `RunStatus = 'Incident'`, `ExecutionStatus = 'Running'`].map((q) => this.client.workflow.count(`${base} AND ${q}`)),
      );
      return { ...row, runs: { completed: completed.count, failed: failed.count, incidents: incidents.count, open: open.count } };
    } catch (err) {
      return { ...row, runs: null, runsError: `Temporal could not count the runs: ${(err as Error).message}` };
    }
  }

  private async onSchedule(code: string, actor: string, action: string, op: (h: ReturnType<Client['schedule']['getHandle']>) => Promise<void>): Promise<void> {
    if (!(await this.store.get(checkCode(code)))) throw notFound('batch', code);
    try {
      await op(this.client.schedule.getHandle(batchScheduleId(code)));
    } catch (err) {
      if (err instanceof ScheduleNotFoundError) throw new ApiError(409, `batch ${code} has no Temporal schedule (deleted outside Signalbox?): delete the batch and create it again`);
      throw temporalUnavailable(err, 'nothing was changed');
    }
    await this.dataSource.transaction((em) => this.audit.record(em, { actor, action, entityKind: 'batch', code, details: null }));
  }

  /** The event code's required subject keys; 422 unless it exists and has a published version. */
  private async publishedEventCode(eventCode: string): Promise<string[]> {
    const [row] = (await this.dataSource.query(
      `SELECT ec.definition->'requiredSubjectKeys' AS keys, EXISTS (SELECT 1 FROM workflow_versions v WHERE v.event_code = ec.code) AS published
         FROM event_codes ec WHERE ec.code = $1`,
      [eventCode],
    )) as { keys: string[] | null; published: boolean }[];
    if (!row) throw validationFailed([{ path: 'eventCode', message: `${eventCode} is not an event code` }]);
    if (!row.published) throw validationFailed([{ path: 'eventCode', message: `${eventCode} has no published workflow: publish it first` }]);
    return row.keys ?? [];
  }
}

function checkCode(code: string): string {
  const parsed = Slug.safeParse(code);
  if (!parsed.success) throw validationFailed([{ path: 'code', message: parsed.error.issues[0]?.message ?? 'is not a batch code' }]);
  return code;
}
