import { context, propagation, ROOT_CONTEXT } from '@opentelemetry/api';
import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Client, isGrpcServiceError } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { planRunStart, startInterpreterRun } from '@signalbox/contracts';
import { IntakeOutbox, type ClaimedRun, type StartOutcome } from '@signalbox/persistence';
import { TemporalService } from '../temporal/temporal.service';

/** Rows one pass claims; the claim is held while they are started. */
const CLAIM_LIMIT = 256;
/** Starts in flight at once per API process. */
const START_CONCURRENCY = 32;
/** One start may take this long (the SDK retries an unavailable server within it). */
const START_DEADLINE_MS = 10_000;
/** How often an idle starter looks for rows (another process's, or due again after a backoff). */
const IDLE_POLL_MS = 1_000;
/** Backoff while Temporal does not take starts: 1 s, 2 s, 4 s … up to 30 s. */
const MAX_BACKOFF_MS = 30_000;
/** Settled rows kept for the status route and for idempotency within the window. */
const KEEP_SETTLED_MS = 7 * 86_400_000;
const PRUNE_EVERY_MS = 3_600_000;
const INVALID_ARGUMENT = 3;

export const REFUSED_MESSAGE = "Temporal refused the run as invalid (is the event's data too large?); the server log has the details";

/**
 * Memo key marking a run the intake outbox started. A start can reach Temporal and still fail at
 * the caller (a deadline passed, a connection dropped right after a restart): the row's next
 * attempt then finds the run there, and this says it is the row's own, so the row is `started`,
 * not `duplicate` (which means an earlier raise of the same key started it).
 */
const STARTED_BY = 'startedBy';
const STARTED_BY_OUTBOX = 'intake-outbox';

const backoffMs = (attempts: number) => Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.min(attempts, 10));

/**
 * Starts the runs the intake outbox accepted, on Temporal, through startInterpreterRun (the one
 * way runs start). Each API process runs one starter; they share the rows through
 * FOR UPDATE SKIP LOCKED. While Temporal does not take starts, rows wait with backoff and the
 * pass stops trying the rest of its claim; a refusal as invalid is recorded and never retried.
 */
@Injectable()
export class IntakeStarter implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(IntakeStarter.name);
  readonly outbox: IntakeOutbox;
  private running = false;
  private loop?: Promise<void>;
  private kicked = false;
  private wake?: () => void;

  constructor(
    dataSource: DataSource,
    private readonly temporal: TemporalService,
    private readonly client: Client,
  ) {
    this.outbox = new IntakeOutbox(dataSource);
  }

  onApplicationBootstrap(): void {
    this.running = true;
    this.loop = this.run();
  }

  async onModuleDestroy(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /** Rows were just accepted: start them now instead of at the next poll. */
  kick(): void {
    this.kicked = true;
    this.wake?.();
  }

  private async run(): Promise<void> {
    let prunedAt = 0;
    while (this.running) {
      let waitMs = IDLE_POLL_MS;
      try {
        this.kicked = false;
        const claimed = await this.outbox.claimAndStart(CLAIM_LIMIT, (runs) => this.startAll(runs));
        if (claimed > 0) continue;
        const due = await this.outbox.nextDue();
        // Due rows that were not claimed are another process's claim: look again at the next poll.
        if (due && due.getTime() > Date.now()) waitMs = Math.min(IDLE_POLL_MS, due.getTime() - Date.now());
        if (Date.now() - prunedAt > PRUNE_EVERY_MS) {
          await this.outbox.prune(KEEP_SETTLED_MS);
          prunedAt = Date.now();
        }
      } catch (err) {
        this.logger.error(`starting accepted runs failed: ${(err as Error).message}; trying again`);
      }
      await this.pause(waitMs);
    }
  }

  private pause(ms: number): Promise<void> {
    if (this.kicked || !this.running) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = undefined;
        done();
      };
    });
  }

  /** Starts the claimed runs, START_CONCURRENCY at a time; once Temporal fails a start, the rest wait too. */
  private async startAll(runs: ClaimedRun[]): Promise<StartOutcome[]> {
    const outcomes: StartOutcome[] = new Array(runs.length);
    let next = 0;
    let down: string | undefined;
    const worker = async () => {
      while (next < runs.length) {
        const i = next++;
        const run = runs[i];
        if (down !== undefined) {
          outcomes[i] = { workflowId: run.workflowId, status: 'retry', error: down, retryAt: new Date(Date.now() + backoffMs(run.attempts)), attempted: false };
          continue;
        }
        outcomes[i] = await this.startOne(run);
        if (outcomes[i].status === 'retry') down ??= (outcomes[i] as { error: string }).error;
      }
    };
    await Promise.all(Array.from({ length: Math.min(START_CONCURRENCY, runs.length) }, worker));
    if (down !== undefined) this.logger.warn(`Temporal at ${this.temporal.config.address} did not take starts (${down}); ${runs.length} accepted run(s) wait and are tried again`);
    return outcomes;
  }

  private async startOne(run: ClaimedRun): Promise<StartOutcome> {
    const { workflowId } = run;
    // Planned again from the stored input: the same id and options, the start delay counted from now.
    const startDelayMs = run.startAt ? Math.max(0, run.startAt.getTime() - Date.now()) : 0;
    let plan;
    try {
      const planned = planRunStart(run.input, { startDelayMs, indexPersonalKeys: run.indexPersonalKeys });
      plan = { ...planned, memo: { ...planned.memo, [STARTED_BY]: STARTED_BY_OUTBOX } };
    } catch (err) {
      // Planning is pure: what fails once fails every time, so the row must not come back each pass.
      this.logger.error({ msg: `accepted run ${workflowId} could not be planned: ${(err as Error).message}`, runId: workflowId });
      return { workflowId, status: 'refused', error: "the run's stored input could not be planned; the server log has the details" };
    }
    if (plan.workflowId !== workflowId) {
      this.logger.error({ msg: `accepted run ${workflowId} plans as ${plan.workflowId}: not started`, runId: workflowId });
      return { workflowId, status: 'refused', error: `the run's stored input plans another workflow id (${plan.workflowId})` };
    }
    try {
      // Inside the accepting request's trace, when it had one: the client interceptor carries it into the run.
      const traced = run.traceContext ? propagation.extract(ROOT_CONTEXT, { traceparent: run.traceContext }) : context.active();
      const outcome = await context.with(traced, () =>
        this.client.withDeadline(Date.now() + START_DEADLINE_MS, () => startInterpreterRun(this.client.workflow, this.temporal.config.taskQueue, plan)),
      );
      const own = outcome.started || outcome.existingMemo?.[STARTED_BY] === STARTED_BY_OUTBOX;
      return { workflowId, status: own ? 'started' : 'duplicate', temporalRunId: outcome.runId };
    } catch (err) {
      const message = (err as Error).message;
      if (isGrpcServiceError(err) && err.code === INVALID_ARGUMENT) {
        this.logger.error({ msg: `Temporal refused accepted run ${workflowId}: ${message}`, runId: workflowId, eventCode: run.eventCode });
        return { workflowId, status: 'refused', error: REFUSED_MESSAGE };
      }
      return { workflowId, status: 'retry', error: `Temporal at ${this.temporal.config.address} did not accept the start: ${message}`, retryAt: new Date(Date.now() + backoffMs(run.attempts)), attempted: true };
    }
  }
}
