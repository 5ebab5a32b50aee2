import { since } from './patch-generation';
import { CancellationScope, workflowInfo } from '@temporalio/workflow';
import { WEBHOOK_RUN_STATES, type WebhookRunState } from '@signalbox/domain';
import { RUN_STATE_EVENTS_PATCH, type RunStateChange, type RunStatus } from '@signalbox/contracts';
import { localBookkeeping } from './activities';
import type { RunContext } from './run-context';

const ANNOUNCED: ReadonlySet<string> = new Set(WEBHOOK_RUN_STATES);

/**
 * Writes the run's announced state changes (started, parked as an incident, back from one, ended)
 * to the webhook outbox, one local activity each (a marker, no activity task), in the order they
 * happened: each waits for the one before. The run never waits for them on its way, only once at
 * its end (`flushed`), so the outbox holds the whole story before the run closes. Runs started
 * before RUN_STATE_EVENTS_PATCH announce nothing (their histories replay unchanged).
 */
export class RunStateEvents {
  private chain: Promise<void> = Promise.resolve();
  private announced?: WebhookRunState;
  private count = 0;
  private readonly enabled: boolean;
  /** Set before the run's end is announced: a Failed run says why. */
  reason?: string;

  constructor(private readonly run: RunContext) {
    this.enabled = since(RUN_STATE_EVENTS_PATCH);
    if (this.enabled) run.tracker.onStatus((status) => this.saw(status));
  }

  private saw(status: RunStatus): void {
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
    // A cancelled run still announces its cancellation: the write is outside the run's scope.
    this.chain = this.chain.then(() =>
      // The write retries (20 attempts over minutes); a run's own result never depends on it.
      CancellationScope.nonCancellable(() => localBookkeeping.recordRunStateChange(change)).catch(() => undefined),
    );
  }

  /** Waits until every announced change is in the outbox (the run's last await before it closes). */
  flushed(): Promise<void> {
    return this.enabled ? CancellationScope.nonCancellable(() => this.chain) : Promise.resolve();
  }
}
