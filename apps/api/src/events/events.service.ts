import { context, propagation } from '@opentelemetry/api';
import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Client, isGrpcServiceError } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { buildCatalogView, isPublishable, type CatalogDocument, type EventCode, type NodeResult, type RaiseEvent, type Subject, type WorkflowGraph, type WorkflowProblem } from '@signalbox/domain';
import { buildVersionSnapshot, SnapshotReferenceError, startInterpreterRun } from '@signalbox/contracts';
import { ApiError, notFound, validationFailed } from '../common/api-error';
import { CatalogCache } from '../catalog-cache/catalog-cache';
import { readCatalog } from '../catalog/catalog-reader';
import type { ApiConfigShape } from '../config/api.config';
import { EvaluationService } from '../evaluation/evaluation.service';
import { TemporalService } from '../temporal/temporal.service';
import type { OutboxRun, OutboxView, StoredSnapshot } from '@signalbox/persistence';
import { IntakeStarter } from './intake-starter';
import { planRaises, planRun, type PlannedRun } from './raise.planner';
import { RuntimeCatalog } from './runtime-catalog';

/** A run of a single raise, started before the answer. */
export interface RunRef {
  runId: string;
  eventCode: string;
  started: boolean;
}

/**
 * A run of a batch raise, accepted into the intake outbox before the answer and started by a
 * starter right after: `queued` is new; `duplicate` means the workflow id (the idempotency key)
 * was already accepted or started, and runId names that run.
 */
export interface QueuedRunRef {
  runId: string;
  eventCode: string;
  status: 'queued' | 'duplicate';
}

/** An event code's draft, read and checked for a test run (EventsService.draftForTest). */
export interface TestDraft {
  code: EventCode;
  graph: WorkflowGraph;
  doc: CatalogDocument;
  problems: WorkflowProblem[];
}

/** How many starts go to Temporal at once for a single raise (an inbound name may fan out to many runs). */
const START_CONCURRENCY = 16;
const INVALID_ARGUMENT = 3;
/** Temporal's default payload limit (2 MB, BlobSizeLimitError): a run's input holds its whole graph. */
const MAX_RUN_GRAPH_CHARS = 2 * 1024 * 1024;
/** Runs one request may start, however its raises fan out (the batch takes at most 1,000 raises too). */
export const MAX_RUNS_PER_REQUEST = 1000;

/**
 * Event intake: validates everything first, then starts one interpreter run per resolved raise —
 * a single raise before it answers, a batch through the intake outbox (IntakeStarter). The API
 * never executes actions; the worker does.
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
    private readonly cache: CatalogCache,
    private readonly starter: IntakeStarter,
    @Inject(ConfigService) config: ConfigService<ApiConfigShape, true>,
  ) {
    const api = config.getOrThrow('api', { infer: true });
    this.indexPersonalKeys = api.indexPersonalKeys;
    this.maxScheduleDays = api.maxScheduleDays;
  }

  async raise(event: RaiseEvent): Promise<{ runs: RunRef[] }> {
    const { runs } = await this.plan([event], () => []);
    const refs = await this.start(runs);
    return { runs: refs };
  }

  /** A batch from its raw body, parsed and checked on an evaluation thread (it may be 10 MB). */
  async raiseBatchBody(body: Uint8Array | undefined): Promise<{ results: { index: number; runs: QueuedRunRef[] }[] }> {
    return this.raiseBatch((await this.evaluation.readLargeBody(body, 'raise-batch')).events);
  }

  /**
   * All or nothing, through the intake outbox: every planned run is written in one transaction
   * and the answer names them; a starter starts them on Temporal (across a Temporal outage or a
   * crash of this process: the rows stay until some API process has started them).
   */
  async raiseBatch(events: RaiseEvent[]): Promise<{ results: { index: number; runs: QueuedRunRef[] }[] }> {
    const { runs, catalog, now } = await this.plan(events, (i) => ['events', i]);
    const snapshots = new Map<string, StoredSnapshot>();
    const rows: OutboxRun[] = [];
    // The request's trace (when tracing is on) travels with each row: the starter starts the run inside it.
    const carrier: Record<string, string> = {};
    propagation.inject(context.active(), carrier);
    const traceContext = carrier.traceparent ?? null;
    for (const run of runs) {
      const stored = await catalog.storedSnapshot(run.eventCode);
      snapshots.set(stored.hash, stored);
      const { snapshot: _snapshot, ...input } = run.input;
      rows.push({
        workflowId: run.workflowId,
        eventCode: run.eventCode,
        snapshotHash: stored.hash,
        input,
        startAt: run.startDelayMs > 0 ? new Date(now.getTime() + run.startDelayMs) : null,
        indexPersonalKeys: this.indexPersonalKeys,
        traceContext,
      });
    }
    const written = await this.starter.outbox.accept([...snapshots.values()], rows);
    if (written.size) this.starter.kick();
    const results: { index: number; runs: QueuedRunRef[] }[] = events.map((_, index) => ({ index, runs: [] }));
    const seen = new Set<string>();
    for (const run of runs) {
      // The same key twice in one batch is one run: the second names the first.
      const fresh = written.has(run.workflowId) && !seen.has(run.workflowId);
      seen.add(run.workflowId);
      results[run.index].runs.push({ runId: run.workflowId, eventCode: run.eventCode, status: fresh ? 'queued' : 'duplicate' });
    }
    return { results };
  }

  /** Where an accepted batch raise's run is: queued (with its attempts), started, duplicate or refused. */
  async intakeStatus(runId: string): Promise<OutboxView> {
    const view = await this.starter.outbox.view(runId);
    if (!view) throw new ApiError(404, `no batch raise accepted run ${runId}, or it settled more than 7 days ago (GET /api/runs/{runId} shows a run that exists)`);
    return view;
  }

  /** The intake's view of the catalog at the current revision (CatalogCache), loaded once per revision. */
  private async runtimeCatalog(): Promise<RuntimeCatalog> {
    const at = await this.cache.revision();
    return at.get('runtime-catalog', () => RuntimeCatalog.load(this.dataSource.manager));
  }

  /** Runs the event code's draft against the simulator, tagged IsTest. */
  async testRun(eventCode: string, subject: Subject, data: Record<string, unknown>): Promise<{ runId: string }> {
    const draft = await this.draftForTest(eventCode);
    if (!isPublishable(draft.problems)) throw validationFailed(draft.problems.filter((p) => p.severity === 'error'), `the draft of ${eventCode} cannot run: fix its errors first`);
    return this.startTestRun(draft, draft.graph, { subject, data });
  }

  /**
   * The event code's draft as a test run reads it, with the validator's problems (checked on an
   * evaluation thread: a draft full of heavy expressions must not stall the API). 404 for an unknown
   * code; 422 when there is no draft or it is too large to travel in a run's input.
   */
  async draftForTest(eventCode: string): Promise<TestDraft> {
    const catalog = await this.runtimeCatalog();
    const code = catalog.eventCodes.get(eventCode);
    if (!code) throw notFound('event code', eventCode);
    const json = await catalog.draftJson(eventCode);
    if (json === null) throw validationFailed([{ path: 'eventCode', message: `${eventCode} has no draft workflow to run` }]);
    const doc = await readCatalog(this.dataSource.manager, { drafts: false });
    const problems = await this.evaluation.validateStoredGraph(json, doc, { eventCode });
    // A run carries its graph in its input: past Temporal's payload limit it could not start, and
    // below it the graph is small enough to parse here.
    if (json.length > MAX_RUN_GRAPH_CHARS) {
      throw validationFailed([{ path: 'eventCode', message: `the draft of ${eventCode} is ${(json.length / 1_048_576).toFixed(1)} MB as JSON; a run carries its graph, and Temporal takes at most 2 MB: split it into linked event codes` }]);
    }
    return { code, graph: JSON.parse(json) as WorkflowGraph, doc, problems };
  }

  /** Freezes `graph` as version 0 of the draft (like a published version) and starts it, tagged IsTest. */
  async startTestRun(draft: TestDraft, graph: WorkflowGraph, input: { subject: Subject; data: Record<string, unknown>; eventId?: string; seedResults?: Record<string, NodeResult> }): Promise<{ runId: string }> {
    const { code, doc } = draft;
    const missing = code.requiredSubjectKeys.filter((key) => !input.subject[key]);
    if (missing.length) throw validationFailed(missing.map((key) => ({ path: `subject.${key}`, message: `is required for ${code.code}` })));
    let snapshot;
    try {
      snapshot = buildVersionSnapshot({ eventCode: code, version: 0, graph }, buildCatalogView(doc));
    } catch (err) {
      if (err instanceof SnapshotReferenceError) throw validationFailed(err.problems);
      throw err;
    }
    const plan = planRun({
      index: 0,
      snapshot,
      subject: input.subject,
      data: input.data,
      eventId: input.eventId ?? `test-${randomUUID()}`,
      test: true,
      startDelayMs: 0,
      now: new Date(),
      indexPersonalKeys: this.indexPersonalKeys,
      ...(input.seedResults ? { seedResults: input.seedResults } : {}),
    });
    const [ref] = await this.start([plan]);
    return { runId: ref.runId };
  }

  /** Plans every raise or refuses the request with each problem (422): nothing is started or accepted then. */
  private async plan(events: RaiseEvent[], pathOf: (i: number) => (string | number)[]): Promise<{ runs: PlannedRun[]; catalog: RuntimeCatalog; now: Date }> {
    const catalog = await this.runtimeCatalog();
    const now = new Date();
    const { runs, problems } = await planRaises(events, catalog, {
      now,
      indexPersonalKeys: this.indexPersonalKeys,
      pathOf,
      maxRuns: MAX_RUNS_PER_REQUEST,
      maxScheduleMs: this.maxScheduleDays * 86_400_000,
    });
    if (problems.length) throw validationFailed(problems, `${problems.length} problem${problems.length === 1 ? '' : 's'} in the request; no run was started`);
    return { runs, catalog, now };
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
