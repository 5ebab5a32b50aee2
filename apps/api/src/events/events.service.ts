import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Client, isGrpcServiceError } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { buildCatalogView, isPublishable, type RaiseEvent, type Subject, type WorkflowGraph } from '@signalbox/domain';
import { buildVersionSnapshot, SnapshotReferenceError, startInterpreterRun } from '@signalbox/contracts';
import { ApiError, notFound, validationFailed } from '../common/api-error';
import { readCatalog } from '../catalog/catalog-reader';
import type { ApiConfigShape } from '../config/api.config';
import { EvaluationService } from '../evaluation/evaluation.service';
import { TemporalService } from '../temporal/temporal.service';
import { planRaises, planRun, type PlannedRun } from './raise.planner';
import { RuntimeCatalog } from './runtime-catalog';

export interface RunRef {
  runId: string;
  eventCode: string;
  started: boolean;
}

/** How many starts go to Temporal at once for a batch. */
const START_CONCURRENCY = 16;
const INVALID_ARGUMENT = 3;
/** Temporal's default payload limit (2 MB, BlobSizeLimitError): a run's input holds its whole graph. */
const MAX_RUN_GRAPH_CHARS = 2 * 1024 * 1024;
/** Runs one request may start, however its raises fan out (the batch takes at most 1,000 raises too). */
export const MAX_RUNS_PER_REQUEST = 1000;

/**
 * Event intake: validates everything first, then starts one interpreter run per resolved raise.
 * The API never executes actions; the worker does.
 */
@Injectable()
export class EventsService {
  private readonly logger = new Logger(EventsService.name);
  private readonly indexPersonalKeys: boolean;
  private readonly maxScheduleDays: number;

  constructor(
    private readonly dataSource: DataSource,
    private readonly temporal: TemporalService,
    private readonly client: Client,
    private readonly evaluation: EvaluationService,
    @Inject(ConfigService) config: ConfigService<ApiConfigShape, true>,
  ) {
    const api = config.getOrThrow('api', { infer: true });
    this.indexPersonalKeys = api.indexPersonalKeys;
    this.maxScheduleDays = api.maxScheduleDays;
  }

  async raise(event: RaiseEvent): Promise<{ runs: RunRef[] }> {
    const [result] = await this.raiseAll([event], () => []);
    return { runs: result };
  }

  /** A batch from its raw body, parsed and checked on an evaluation thread (it may be 10 MB). */
  async raiseBatchBody(body: Uint8Array | undefined): Promise<{ results: { index: number; runs: RunRef[] }[] }> {
    return this.raiseBatch((await this.evaluation.readLargeBody(body, 'raise-batch')).events);
  }

  async raiseBatch(events: RaiseEvent[]): Promise<{ results: { index: number; runs: RunRef[] }[] }> {
    const results = await this.raiseAll(events, (i) => ['events', i]);
    return { results: results.map((runs, index) => ({ index, runs })) };
  }

  /** Runs the event code's draft against the simulator, tagged IsTest. */
  async testRun(eventCode: string, subject: Subject, data: Record<string, unknown>): Promise<{ runId: string }> {
    const catalog = await RuntimeCatalog.load(this.dataSource.manager);
    const code = catalog.eventCodes.get(eventCode);
    if (!code) throw notFound('event code', eventCode);
    const json = await catalog.draftJson(eventCode);
    if (json === null) throw validationFailed([{ path: 'eventCode', message: `${eventCode} has no draft workflow to run` }]);
    const doc = await readCatalog(this.dataSource.manager, { drafts: false });
    // Parsed and validated on an evaluation thread, like any validation: a draft full of heavy
    // expressions must not stall the API.
    const problems = await this.evaluation.validateStoredGraph(json, doc, { eventCode });
    if (!isPublishable(problems)) throw validationFailed(problems.filter((p) => p.severity === 'error'), `the draft of ${eventCode} cannot run: fix its errors first`);
    // A run carries its graph in its input: past Temporal's payload limit it could not start, and
    // below it the graph is small enough to parse here.
    if (json.length > MAX_RUN_GRAPH_CHARS) {
      throw validationFailed([{ path: 'eventCode', message: `the draft of ${eventCode} is ${(json.length / 1_048_576).toFixed(1)} MB as JSON; a run carries its graph, and Temporal takes at most 2 MB: split it into linked event codes` }]);
    }
    const graph = JSON.parse(json) as WorkflowGraph;
    const missing = code.requiredSubjectKeys.filter((key) => !subject[key]);
    if (missing.length) throw validationFailed(missing.map((key) => ({ path: `subject.${key}`, message: `is required for ${eventCode}` })));
    let snapshot;
    try {
      // Version 0: the draft, frozen like a published version.
      snapshot = buildVersionSnapshot({ eventCode: code, version: 0, graph }, buildCatalogView(doc));
    } catch (err) {
      if (err instanceof SnapshotReferenceError) throw validationFailed(err.problems);
      throw err;
    }
    const plan = planRun({
      index: 0,
      snapshot,
      subject,
      data,
      eventId: `test-${randomUUID()}`,
      test: true,
      startDelayMs: 0,
      now: new Date(),
      indexPersonalKeys: this.indexPersonalKeys,
    });
    const [ref] = await this.start([plan]);
    return { runId: ref.runId };
  }

  private async raiseAll(events: RaiseEvent[], pathOf: (i: number) => (string | number)[]): Promise<RunRef[][]> {
    const catalog = await RuntimeCatalog.load(this.dataSource.manager);
    const { runs, problems } = await planRaises(events, catalog, {
      now: new Date(),
      indexPersonalKeys: this.indexPersonalKeys,
      pathOf,
      maxRuns: MAX_RUNS_PER_REQUEST,
      maxScheduleMs: this.maxScheduleDays * 86_400_000,
    });
    if (problems.length) throw validationFailed(problems, `${problems.length} problem${problems.length === 1 ? '' : 's'} in the request; no run was started`);
    const refs = await this.start(runs);
    const byIndex: RunRef[][] = events.map(() => []);
    runs.forEach((run, i) => byIndex[run.index].push(refs[i]));
    return byIndex;
  }

  private async start(plans: PlannedRun[]): Promise<RunRef[]> {
    const refs: RunRef[] = new Array(plans.length);
    for (let from = 0; from < plans.length; from += START_CONCURRENCY) {
      const chunk = plans.slice(from, from + START_CONCURRENCY);
      const outcomes = await Promise.all(chunk.map((plan) => this.startOne(plan)));
      outcomes.forEach((ref, i) => (refs[from + i] = ref));
    }
    return refs;
  }

  private async startOne(plan: PlannedRun): Promise<RunRef> {
    try {
      const outcome = await startInterpreterRun(this.client.workflow, this.temporal.config.taskQueue, plan);
      return { runId: outcome.workflowId, eventCode: plan.eventCode, started: outcome.started };
    } catch (err) {
      this.logger.error({ msg: `starting ${plan.workflowId} failed: ${(err as Error).message}`, runId: plan.workflowId, eventCode: plan.eventCode });
      // Refused as invalid (too large, id too long): repeating the same raise cannot succeed.
      if (isGrpcServiceError(err) && err.code === INVALID_ARGUMENT) {
        throw new ApiError(422, `Temporal refused the run for ${plan.eventCode} as invalid (is the event's data too large?); the server log has the details`);
      }
      throw new ApiError(503, `could not start the run for ${plan.eventCode}: Temporal at ${this.temporal.config.address} did not accept it; raise again with the same idempotency key`);
    }
  }
}
