import { condition, proxyActivities, setHandler } from '@temporalio/workflow';
import { tmfCancelOrderSignal, type TmfEventType, type TmfOrderProgress, type TmfOrderResult, type TmfOrderWorkflowInput } from '@signalbox/contracts';
import { isFinalItemState, orderStateOf, type TmfItemState, type TmfOrderState } from '@signalbox/domain';
import type { Activities } from '@signalbox/activities';

const act = proxyActivities<Activities>({
  startToCloseTimeout: '1m',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m', nonRetryableErrorTypes: ['NotPublished', 'BrokenSnapshot', 'Misconfigured'] },
});
// Each wait is bounded, so a run that waits days for a provider costs a few activities a day, not one open for days.
const RUN_WAIT_MS = 5 * 60_000;
const waits = proxyActivities<Activities>({ startToCloseTimeout: '6m', heartbeatTimeout: '1m', retry: { initialInterval: '1s', maximumInterval: '1m' } });

/**
 * One TMF641 service order: starts each item's run (through the same start path and id policy as
 * every run) once the items it depends on completed, follows the runs to their end, and reports
 * the order's and items' states — with the hub events they cause — after every change.
 * cancelServiceOrder cancels the runs still open; items not yet started end cancelled.
 */
export async function tmfServiceOrderWorkflow(input: TmfOrderWorkflowInput): Promise<TmfOrderResult> {
  const { orderId } = input;
  const states: Record<string, TmfItemState> = Object.fromEntries(input.items.map((i) => [i.itemId, 'acknowledged' as TmfItemState]));
  const runIds: Record<string, string> = {};
  const settled = new Map<string, 'completed' | 'failed' | 'cancelled'>();
  let cancelRequested = false;
  let sequence = 0;
  let reported: TmfOrderState = 'acknowledged';
  setHandler(tmfCancelOrderSignal, () => {
    cancelRequested = true;
  });

  const report = async (state: TmfOrderState, extra: TmfEventType[] = []) => {
    const events: TmfEventType[] = [...extra];
    if (state !== reported) events.push('ServiceOrderStateChangeEvent');
    else if (extra.length === 0) events.push('ServiceOrderAttributeValueChangeEvent');
    reported = state;
    const progress: TmfOrderProgress = {
      orderId,
      state,
      items: Object.fromEntries(Object.entries(states).map(([id, s]) => [id, runIds[id] ? { state: s, runId: runIds[id] } : { state: s }])),
      events: events.map((eventType) => ({ eventId: `${orderId}:${++sequence}`, eventType })),
    };
    await act.publishTmfOrderProgress(progress);
  };

  const follow = async (itemId: string, runId: string) => {
    let outcome = (await waits.awaitTmfItemRun({ runId, waitMs: RUN_WAIT_MS })).outcome;
    while (outcome === 'open') outcome = (await waits.awaitTmfItemRun({ runId, waitMs: RUN_WAIT_MS })).outcome;
    settled.set(itemId, outcome);
  };

  await report('acknowledged', ['ServiceOrderCreateEvent']);
  const following: Promise<void>[] = [];
  while (!cancelRequested) {
    let changed = false;
    for (const [itemId, outcome] of settled) {
      if (states[itemId] === 'inProgress') {
        states[itemId] = outcome;
        changed = true;
      }
    }
    for (const item of input.items) {
      if (states[item.itemId] !== 'acknowledged') continue;
      const deps = item.dependsOn.map((d) => states[d]);
      if (deps.some((s) => isFinalItemState(s) && s !== 'completed')) {
        // A prerequisite failed or was cancelled: this item can never start.
        states[item.itemId] = 'cancelled';
        changed = true;
      } else if (deps.every((s) => s === 'completed')) {
        const { runId } = await act.startTmfItemRun({ orderId, item });
        runIds[item.itemId] = runId;
        states[item.itemId] = 'inProgress';
        following.push(follow(item.itemId, runId));
        changed = true;
      }
    }
    if (changed) await report(orderStateOf(Object.values(states)));
    if (Object.values(states).every(isFinalItemState)) break;
    // Wake for an outcome not yet applied (runs may end while the report above is in flight).
    await condition(() => cancelRequested || [...settled.keys()].some((id) => states[id] === 'inProgress'));
  }

  if (cancelRequested && !Object.values(states).every(isFinalItemState)) {
    const open = Object.keys(states).filter((id) => states[id] === 'inProgress' && !settled.has(id));
    await act.cancelTmfItemRuns({ runIds: open.map((id) => runIds[id]) });
    // Wait until the cancelled runs have ended (compensation included), so "cancelled" is true when reported.
    await Promise.all(following);
    for (const id of Object.keys(states)) {
      if (states[id] === 'acknowledged') states[id] = 'cancelled';
      else if (states[id] === 'inProgress') states[id] = settled.get(id) ?? 'cancelled';
    }
    await report('cancelled', ['CancelServiceOrderStateChangeEvent']);
  }
  return { state: reported, items: states };
}
