import { condition, patched, proxyActivities, setHandler } from '@temporalio/workflow';
import {
  TMF_ITEM_PHASES_PATCH,
  tmfCancelOrderSignal,
  type TmfItemPhase,
  type TmfOrderProgress,
  type TmfOrderResult,
  type TmfOrderWorkflowInput,
  type TmfProgressEvent,
} from '@signalbox/contracts';
import { isFinalItemState, isOpenItemState, orderStateOf, type TmfItemState, type TmfOrderState } from '@signalbox/domain';
import type { Activities } from '@signalbox/activities';

const act = proxyActivities<Activities>({
  startToCloseTimeout: '1m',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m', nonRetryableErrorTypes: ['NotPublished', 'BrokenSnapshot', 'Misconfigured'] },
});
// Each wait is bounded, so a run that waits days for a provider costs a few activities a day, not one open for days.
const RUN_WAIT_MS = 5 * 60_000;
const waits = proxyActivities<Activities>({ startToCloseTimeout: '6m', heartbeatTimeout: '1m', retry: { initialInterval: '1s', maximumInterval: '1m' } });

/** An event the report asks for besides the state change it derives itself. */
type ExtraEvent = Omit<TmfProgressEvent, 'eventId'>;

/**
 * One TMF641 service order: starts each item's run (through the same start path and id policy as
 * every run) once the items it depends on completed, follows the runs to their end, and reports
 * the order's and items' states — with the hub events they cause — after every change.
 * cancelServiceOrder cancels the runs still open; items not yet started end cancelled.
 * While a run is open its item is inProgress, held (an incident waits for an operator) or pending
 * (it waits for a message only the orderer can send: a ServiceOrderInformationRequiredEvent says which).
 */
export async function tmfServiceOrderWorkflow(input: TmfOrderWorkflowInput): Promise<TmfOrderResult> {
  const { orderId } = input;
  const followPhases = patched(TMF_ITEM_PHASES_PATCH);
  const states: Record<string, TmfItemState> = Object.fromEntries(input.items.map((i) => [i.itemId, 'acknowledged' as TmfItemState]));
  const runIds: Record<string, string> = {};
  const settled = new Map<string, 'completed' | 'failed' | 'cancelled'>();
  /** Phases seen by the followers and not applied yet. */
  const moved = new Map<string, TmfItemPhase>();
  let cancelRequested = false;
  let sequence = 0;
  let reported: TmfOrderState = 'acknowledged';
  setHandler(tmfCancelOrderSignal, () => {
    cancelRequested = true;
  });

  const report = async (state: TmfOrderState, extra: ExtraEvent[] = []) => {
    const events: ExtraEvent[] = [...extra];
    if (state !== reported) events.push({ eventType: 'ServiceOrderStateChangeEvent' });
    else if (extra.length === 0) events.push({ eventType: 'ServiceOrderAttributeValueChangeEvent' });
    reported = state;
    const progress: TmfOrderProgress = {
      orderId,
      state,
      items: Object.fromEntries(Object.entries(states).map(([id, s]) => [id, runIds[id] ? { state: s, runId: runIds[id] } : { state: s }])),
      events: events.map((event) => ({ eventId: `${orderId}:${++sequence}`, ...event })),
    };
    await act.publishTmfOrderProgress(progress);
  };

  const follow = async (itemId: string, runId: string) => {
    let phase: TmfItemPhase = { state: 'inProgress' };
    for (;;) {
      const answer: Awaited<ReturnType<Activities['awaitTmfItemRun']>> = await waits.awaitTmfItemRun({ runId, waitMs: RUN_WAIT_MS, ...(followPhases ? { phase } : {}) });
      if (answer.outcome !== 'open') {
        settled.set(itemId, answer.outcome);
        return;
      }
      if (followPhases && answer.phase) {
        phase = answer.phase;
        moved.set(itemId, phase);
      }
    }
  };

  await report('acknowledged', [{ eventType: 'ServiceOrderCreateEvent' }]);
  const following: Promise<void>[] = [];
  while (!cancelRequested) {
    let changed = false;
    const extra: ExtraEvent[] = [];
    for (const [itemId, outcome] of settled) {
      if (isOpenItemState(states[itemId])) {
        states[itemId] = outcome;
        changed = true;
      }
    }
    for (const [itemId, phase] of moved) {
      if (isOpenItemState(states[itemId]) && states[itemId] !== phase.state) {
        states[itemId] = phase.state;
        changed = true;
        if (phase.state === 'pending') {
          const index = input.items.findIndex((i) => i.itemId === itemId);
          extra.push({
            eventType: 'ServiceOrderInformationRequiredEvent',
            fieldPath: `serviceOrderItem[${index}]`,
            description: `item ${itemId} waits for message "${phase.message}" keyed by ${phase.correlateBy.join(', ') || 'nothing'}: send it to POST /api/messages`,
          });
        }
      }
    }
    moved.clear();
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
    if (changed) await report(orderStateOf(Object.values(states)), extra);
    if (Object.values(states).every(isFinalItemState)) break;
    // Wake for an outcome or a phase not yet applied (runs may end or move while the report above is in flight).
    await condition(() => cancelRequested || moved.size > 0 || [...settled.keys()].some((id) => isOpenItemState(states[id])));
  }

  if (cancelRequested && !Object.values(states).every(isFinalItemState)) {
    const open = Object.keys(states).filter((id) => isOpenItemState(states[id]) && !settled.has(id));
    await act.cancelTmfItemRuns({ runIds: open.map((id) => runIds[id]) });
    // Wait until the cancelled runs have ended (compensation included), so "cancelled" is true when reported.
    await Promise.all(following);
    for (const id of Object.keys(states)) {
      if (states[id] === 'acknowledged') states[id] = 'cancelled';
      else if (isOpenItemState(states[id])) states[id] = settled.get(id) ?? 'cancelled';
    }
    await report('cancelled', [{ eventType: 'CancelServiceOrderStateChangeEvent' }]);
  }
  return { state: reported, items: states };
}
