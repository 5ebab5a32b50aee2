import { Context } from '@temporalio/activity';
import { WorkflowFailedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { ApplicationFailure, CancelledFailure, TerminatedFailure } from '@temporalio/common';
import {
  listensTo,
  planRunStart,
  SnapshotReferenceError,
  startInterpreterRun,
  tmfHubEventSignal,
  tmfHubWorkflowId,
  tmfItemEventId,
  tmfItemPhaseOf,
  sameTmfItemPhase,
  stateQuery,
  WORKFLOW_TYPES,
  type RunInput,
  type RunState,
  type TmfHubDeliveryInput,
  type TmfHubEvent,
  type TmfItemPhase,
  type TmfOrderProgress,
} from '@signalbox/contracts';
import { tmfCancelView, tmfServiceOrderView, type TmfItemPlan } from '@signalbox/domain';
import type { TmfStore } from '@signalbox/persistence';
import type { ActivitiesConfig } from '../config';
import type { SnapshotLoader } from '../ports';
import { postSigned, retryOrGiveUp } from '../webhooks/signed-delivery';


/** What the TMF activities need of the store, and how to open a listener's sealed signing secret. */
export interface TmfPort {
  store: Pick<TmfStore, 'applyProgress' | 'subscriptions' | 'subscription' | 'recordDelivery'>;
  openSecret(sealed: string): string;
}

export interface TmfDeps {
  tmf?: TmfPort;
  temporal?: Client;
  snapshots?: SnapshotLoader;
  clock: () => Date;
  config: ActivitiesConfig;
}

export type TmfRunOutcome = 'open' | 'completed' | 'failed' | 'cancelled';

const HEARTBEAT_EVERY_MS = 10_000;
/** How often an open item's run is asked what it is doing (held, pending), when the workflow follows phases. */
const PHASE_POLL_MS = 3_000;

export function tmfActivities(deps: TmfDeps) {
  const client = (): Client => deps.temporal ?? misconfigured('a Temporal client');
  const tmf = (): TmfPort => deps.tmf ?? misconfigured('the TMF store');

  /** Starts the item's run: the event code's published workflow, idempotent on order + item (a retry finds the same run). */
  async function startTmfItemRun(req: { orderId: string; item: TmfItemPlan }): Promise<{ runId: string }> {
    if (!deps.snapshots) misconfigured('a snapshot loader');
    let snapshot;
    try {
      snapshot = await deps.snapshots.load(req.item.eventCode);
    } catch (err) {
      if (err instanceof SnapshotReferenceError) throw ApplicationFailure.nonRetryable(`the published workflow of ${req.item.eventCode} is broken: ${err.message}`, 'BrokenSnapshot');
      throw err;
    }
    if (!snapshot) throw ApplicationFailure.nonRetryable(`event code ${req.item.eventCode} has no published workflow`, 'NotPublished');
    const input: RunInput = {
      snapshot,
      subject: req.item.subject,
      data: req.item.data,
      eventId: tmfItemEventId(req.orderId, req.item.itemId),
      raisedAt: deps.clock().toISOString(),
      test: false,
    };
    const start = planRunStart(input, { startDelayMs: 0, indexPersonalKeys: deps.config.indexPersonalKeys ?? true });
    const outcome = await startInterpreterRun(client().workflow, deps.config.taskQueue, start);
    return { runId: outcome.workflowId };
  }

  /**
   * Waits up to `waitMs` for the run to close, heartbeating; 'open' when it has not, so the
   * workflow asks again and no activity stays open for the days a run may wait for a provider.
   * Given the phase the workflow last saw, it also answers 'open' as soon as the run's phase
   * differs (an incident parks it: held; it waits for a message: pending), with the new phase.
   */
  async function awaitTmfItemRun(req: { runId: string; waitMs: number; phase?: TmfItemPhase }): Promise<{ outcome: TmfRunOutcome; phase?: TmfItemPhase }> {
    const ctx = Context.current();
    const beat = setInterval(() => ctx.heartbeat(), HEARTBEAT_EVERY_MS);
    const timers: NodeJS.Timeout[] = [];
    let done = false;
    try {
      const handle = client().workflow.getHandle<() => Promise<RunState>>(req.runId);
      const result = handle.result().then((state) => ({ outcome: (state.result === 'failed' ? 'failed' : 'completed') as TmfRunOutcome }), (err: unknown) => ({ outcome: outcomeOfFailure(err) }));
      const timeout = new Promise<{ outcome: 'open' }>((resolve) => timers.push(setTimeout(() => resolve({ outcome: 'open' }), req.waitMs)));
      const known = req.phase;
      const moved = known
        ? new Promise<{ outcome: 'open'; phase: TmfItemPhase }>((resolve) => {
            const poll = async () => {
              if (done) return;
              // A run that does not answer its query now (busy, closing) is asked again later; its end comes through `result`.
              const phase = await handle.query(stateQuery).then(tmfItemPhaseOf, () => undefined);
              if (phase && !sameTmfItemPhase(phase, known)) resolve({ outcome: 'open', phase });
              else if (!done) timers.push(setTimeout(() => void poll(), PHASE_POLL_MS));
            };
            void poll();
          })
        : new Promise<never>(() => undefined);
      return await Promise.race([result, timeout, moved, ctx.cancelled]);
    } finally {
      done = true;
      clearInterval(beat);
      for (const timer of timers) clearTimeout(timer);
    }
  }

  /** Cancels the runs still open (the interpreter compensates where configured); a closed or missing run is skipped. */
  async function cancelTmfItemRuns(req: { runIds: string[] }): Promise<void> {
    for (const runId of req.runIds) {
      try {
        await client().workflow.getHandle(runId).cancel();
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) continue;
        throw err;
      }
    }
  }

  /**
   * Stores the order's progress and hands each event to every listener whose query selects it
   * (signal-with-start of the listener's delivery workflow). Event ids are the workflow's own, so a
   * retry after a partial fan-out sends the same ids and the delivery workflows drop the repeats.
   */
  async function publishTmfOrderProgress(progress: TmfOrderProgress): Promise<void> {
    const row = await tmf().store.applyProgress(progress);
    if (!row || progress.events.length === 0) return;
    const base = deps.config.callbackBaseUrl ?? '';
    const serviceOrder = tmfServiceOrderView(row, base);
    const subscriptions = await tmf().store.subscriptions();
    const eventTime = deps.clock().toISOString();
    for (const { eventId, eventType, fieldPath, description } of progress.events) {
      // TMF641's cancel notifications carry the cancel request (its payload is cancelServiceOrder), the others the order.
      const payload = eventType === 'CancelServiceOrderStateChangeEvent' && row.cancellation ? { cancelServiceOrder: tmfCancelView({ ...row, cancellation: row.cancellation }, base) } : { serviceOrder };
      const event: TmfHubEvent = {
        eventId,
        eventType,
        orderId: row.id,
        body: { eventId, eventTime, eventType, '@type': eventType, ...(fieldPath ? { fieldPath } : {}), ...(description ? { description } : {}), event: payload },
      };
      // Queries filter on the order's attributes whatever the payload, so a cancel event passes the same filters as its order's.
      const selector = { eventType, body: { event: { serviceOrder } } };
      for (const sub of subscriptions) {
        if (!listensTo(sub.query, selector)) continue;
        await client().workflow.signalWithStart(WORKFLOW_TYPES.tmfHubDelivery, {
          workflowId: tmfHubWorkflowId(sub.id),
          taskQueue: deps.config.taskQueue,
          args: [{ subscriptionId: sub.id } satisfies TmfHubDeliveryInput],
          signal: tmfHubEventSignal,
          signalArgs: [event],
        });
      }
    }
  }

  /**
   * POSTs one event to its listener, signed like provider requests (X-Signature, HMAC-SHA256 with
   * the listener's secret; keyId is the subscription id). A refusal or an unreachable listener
   * throws, so Temporal retries with backoff; each attempt is logged.
   */
  async function deliverTmfHubEvent(req: { subscriptionId: string; event: TmfHubEvent }): Promise<{ delivered: boolean }> {
    const sub = await tmf().store.subscription(req.subscriptionId);
    if (!sub) {
      await tmf().store.recordDelivery(req.subscriptionId, req.event, { status: 'dropped', error: 'the subscription was deleted', attempted: false });
      return { delivered: false };
    }
    const now = deps.clock().getTime();
    const attempt = await postSigned({ url: sub.callback, keyId: sub.id, secret: tmf().openSecret(sub.secret), eventId: req.event.eventId, body: req.event.body, nowMs: now });
    const httpStatus = attempt.httpStatus === undefined ? {} : { httpStatus: attempt.httpStatus };
    if (attempt.ok) {
      await tmf().store.recordDelivery(sub.id, req.event, { status: 'delivered', ...httpStatus, attempted: true });
      return { delivered: true };
    }
    const error = attempt.error ?? 'not delivered';
    await tmf().store.recordDelivery(sub.id, req.event, { status: 'pending', ...httpStatus, error, attempted: true });
    return retryOrGiveUp(error, deps.config.tmfHubGiveUpAfterMs, deps.clock().getTime());
  }

  /** Retries ran out: the event goes on the dead-letter list (ops may re-drive it). */
  async function recordTmfHubDeadLetter(req: { subscriptionId: string; event: TmfHubEvent; error: string }): Promise<void> {
    await tmf().store.recordDelivery(req.subscriptionId, req.event, { status: 'dead', error: req.error, attempted: false });
  }

  return { startTmfItemRun, awaitTmfItemRun, cancelTmfItemRuns, publishTmfOrderProgress, deliverTmfHubEvent, recordTmfHubDeadLetter };
}

function outcomeOfFailure(err: unknown): TmfRunOutcome {
  if (err instanceof WorkflowFailedError) {
    if (err.cause instanceof CancelledFailure) return 'cancelled';
    if (err.cause instanceof TerminatedFailure) return 'cancelled';
    return 'failed';
  }
  throw err;
}

function misconfigured(what: string): never {
  throw ApplicationFailure.nonRetryable(`this worker was built without ${what}`, 'Misconfigured');
}
