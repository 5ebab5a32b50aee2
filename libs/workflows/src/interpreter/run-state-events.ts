import { since } from './patch-generation';
import { CancellationScope, workflowInfo } from '@temporalio/workflow';
import { WEBHOOK_RUN_STATES, type WebhookRunState } from '@signalbox/domain';
import { RUN_STATE_EVENTS_PATCH, type RunStateChange, type RunStatus } from '@signalbox/contracts';
import { localBookkeeping } from './activities';
import type { RunContext } from './run-context';

const ANNOUNCED: ReadonlySet<string> = new Set(WEBHOOK_RUN_STATES);

/** State changes handed to an activity (`board`): settle with whether its answer says they were written. */
export interface Ride {
  changes: RunStateChange[];
  settle(recorded: boolean): void;
}

/**
 * Writes the run's announced state changes (started, parked as an incident, back from one, ended)
 * to the webhook outbox, in the order they happened: each write waits for the one before. The run
 * never waits for them on its way, only once at its end (`flushed`), so the outbox holds the whole
 * story before the run closes. Runs started before RUN_STATE_EVENTS_PATCH announce nothing (their
 * histories replay unchanged).
 *
 * How a change is written:
 * - Runs before the riding generation: one local activity each, at once.
 * - Riding runs (RIDING_BOOKKEEPING_PATCH): changes wait in `pending` for the next action activity
 *   the run calls (`board`), which writes them before its own work — no local activity, no
 *   activation of its own. A change is never left waiting behind a durable wait: when the run
 *   starts waiting (status Waiting), parks an incident or ends, what is pending is written by a
 *   local activity then. An activity that fails, or whose answer does not say it wrote them, has
 *   its changes written again by a local activity (a repeated event id writes nothing).
 */
export class RunStateEvents {
  private chain: Promise<void> = Promise.resolve();
  private announced?: WebhookRunState;
  private count = 0;
  private readonly enabled: boolean;
  private readonly riding: boolean;
  /** Announced, not yet handed to any writer (riding runs only). */
  private pending: RunStateChange[] = [];
  /** Writes handed out and not yet known to be done: a ride boards only when nothing is ahead of it. */
  private inFlight = 0;
  /** Set before the run's end is announced: a Failed run says why. */
  reason?: string;

  constructor(private readonly run: RunContext) {
    this.enabled = since(RUN_STATE_EVENTS_PATCH);
    this.riding = this.enabled && run.riding;
    if (this.enabled) run.tracker.onStatus((status) => this.saw(status));
    if (this.riding) run.stateEvents = this;
  }

  private saw(status: RunStatus): void {
    // About to wait durably: what is pending must not wait with it.
    if (status === 'Waiting') this.writePending();
    // Waiting ⇄ Running at every durable wait is not a change a listener hears about.
    const state = status === 'Waiting' ? 'Running' : status;
    if (!ANNOUNCED.has(state) || state === this.announced) return;
    const previous = this.announced;
    this.announced = state as WebhookRunState;
    const { snapshot, input } = this.run;
    const change: RunStateChange = {
      eventId: `${workflowInfo().runId}:state:${++this.count}`,
      workflowId: this.run.workflowId,
      eventCode: snapshot.eventCode,
      version: snapshot.version,
      providers: Object.keys(snapshot.providers ?? {}).sort(),
      state: state as RunStateChange['state'],
      ...(previous ? { previous: previous as RunStateChange['state'] } : {}),
      at: new Date().toISOString(),
      subject: input.subject,
      test: input.test,
      ...(state === 'Failed' && this.reason ? { reason: this.reason } : {}),
    };
    if (!this.riding) {
      this.write([change]);
      return;
    }
    this.pending.push(change);
    // An incident parks the run until an operator decides: announce it now.
    if (state === 'Incident') this.writePending();
  }

  /**
   * The pending changes for an activity about to be called, or nothing when none are pending or an
   * earlier write is still out (boarding then could let these overtake it).
   */
  board(): Ride | undefined {
    if (!this.pending.length || this.inFlight > 0) return undefined;
    const changes = this.pending;
    this.pending = [];
    this.inFlight += 1;
    let done!: () => void;
    const landed = new Promise<void>((resolve) => (done = resolve));
    this.chain = this.chain.then(() => landed);
    let settled = false;
    return {
      changes,
      settle: (recorded) => {
        if (settled) return;
        settled = true;
        this.inFlight -= 1;
        if (recorded) done();
        else void this.localWrite(changes).then(done);
      },
    };
  }

  private writePending(): void {
    if (!this.pending.length) return;
    const changes = this.pending;
    this.pending = [];
    this.write(changes);
  }

  /** Local activities, one per change, after every write before them. */
  private write(changes: RunStateChange[]): void {
    this.chain = this.chain.then(() => this.localWrite(changes));
  }

  private async localWrite(changes: RunStateChange[]): Promise<void> {
    for (const change of changes) {
      // A cancelled run still announces its cancellation: the write is outside the run's scope.
      // The write retries (20 attempts over minutes); a run's own result never depends on it.
      await CancellationScope.nonCancellable(() => localBookkeeping.recordRunStateChange(change)).catch(() => undefined);
    }
  }

  /** Waits until every announced change is in the outbox (the run's last await before it closes). */
  flushed(): Promise<void> {
    if (!this.enabled) return Promise.resolve();
    this.writePending();
    return CancellationScope.nonCancellable(() => this.chain);
  }
}

/**
 * Calls an action activity with the run's pending state changes on board (riding runs); the
 * activity's answer says whether it wrote them, and whatever it did not is written by the run.
 */
export async function withStateChanges<Q extends { stateChanges?: RunStateChange[] }, R extends { stateChangesRecorded?: true }>(run: RunContext, request: Q, call: (req: Q) => Promise<R>): Promise<R> {
  const ride = run.stateEvents?.board();
  if (!ride) return call(request);
  try {
    const result = await call({ ...request, stateChanges: ride.changes });
    ride.settle(result.stateChangesRecorded === true);
    return result;
  } catch (err) {
    ride.settle(false);
    throw err;
  }
}
