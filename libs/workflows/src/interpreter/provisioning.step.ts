import { since } from './patch-generation';
import { condition, uuid4, type ActivityOptions } from '@temporalio/workflow';
import { parseDuration, ProvisioningParameters, type ActionCode, type ServiceType } from '@signalbox/domain';
import type { OrderResponse } from '@signalbox/contracts';
import type { ActionRequest, OrderConclusion, SlotClaim } from '@signalbox/activities';
import { activitiesWith, bookkeeping, providerRouting, toTemporalRetry } from './activities';
import type { RunContext } from './run-context';
import { failureOutcome, handedBack, notSent, type StepResult } from './step-result';
import { actionRequest } from './action-request';
import { withOrderSlots } from './order-slots';
import { afterMaintenance } from './maintenance-hold';
import { withStateChanges } from './run-state-events';

/** With a confirm timeout of 0 the activity may wait forever, proving it is alive by heartbeat. */
const UNBOUNDED_HEARTBEAT = '30s';
const UNBOUNDED_START_TO_CLOSE = '3650d';
/** A worker that dies mid-send is noticed by its missing heartbeat, and the send is retried. */
const HEARTBEAT = '10s';
/** While waiting for a provider's answer, the order's record is read this often (and at the end). */
const RECHECK_EVERY_MS = 5 * 60_000;
/**
 * Patch id: the order's record (the database) settles a step whose answer did not come through
 * Temporal — at each recheck and at the end of a wait, and when the send's activity fails.
 */
const SETTLE_FROM_RECORD_PATCH = 'settle-from-order-record';

/**
 * A provisioning action. The order waits its turn in the service's queue (one order in flight per
 * service unless in-flight changes are allowed), is sent by the `provisioning` activity and
 * settled: confirmed mode within the activity's timeout, queued mode (or a provider answering
 * 202) by the response signal raced against the maximum wait.
 */
export async function provisioningStep(run: RunContext, nodeId: string, code: ActionCode, inputs: Record<string, unknown>): Promise<StepResult> {
  const parsed = ProvisioningParameters.safeParse(code.parameters);
  if (!parsed.success) return { outcome: 'failure', status: 'failed', error: `action code ${code.code} has invalid parameters` };
  const params = parsed.data;
  const provider = run.snapshot.providers[params.provider];
  const serviceType = run.snapshot.serviceTypes[params.serviceType];
  if (!provider || !serviceType) {
    return { outcome: 'failure', status: 'failed', error: `provider ${params.provider} or service type ${params.serviceType} is not in the run's snapshot` };
  }
  const mode = params.mode ?? serviceType.defaultMode;
  const serviceOrderId = uuid4();
  const serviceKey = run.serviceKey();
  run.tracker.mark(nodeId, 'awaiting-network', { serviceOrderId });

  return withOrderSlots(
    run,
    {
      serviceKey,
      serviceOrderId,
      concurrent: provider.allowInFlightChanges || serviceType.allowInFlightChanges,
      priority: params.priority,
      provider,
    },
    (claim) => afterMaintenance(run, nodeId, serviceOrderId, provider, () => sendAndSettle(run, nodeId, code, inputs, { mode, params, provider, serviceType, serviceOrderId, serviceKey, claim })),
  );
}

interface OrderPlan {
  mode: 'queued' | 'confirmed';
  params: ProvisioningParameters;
  provider: RunContext['snapshot']['providers'][string];
  serviceType: ServiceType;
  serviceOrderId: string;
  serviceKey: string;
  /** The activity takes the service's slot itself (order-slots.ts `slotInOrder`). */
  claim?: SlotClaim;
}

async function sendAndSettle(run: RunContext, nodeId: string, code: ActionCode, inputs: Record<string, unknown>, plan: OrderPlan): Promise<StepResult> {
  const { mode, params, provider, serviceType, serviceOrderId, serviceKey, claim } = plan;
  const confirmMs = parseDuration(params.timeout);
  const request: ActionRequest = {
    ...actionRequest(run, nodeId, code, inputs),
    provider,
    serviceType,
    serviceOrderId,
    serviceKey,
    mode,
    ...(claim ? { slot: claim } : {}),
  };
  const retry = toTemporalRetry(code.retry);
  let options: ActivityOptions;
  if (mode === 'confirmed' && confirmMs > 0) {
    // The confirm timeout bounds the whole step, retries included: nothing is retried past it.
    options = { startToCloseTimeout: confirmMs, scheduleToCloseTimeout: confirmMs, heartbeatTimeout: HEARTBEAT, retry };
  } else if (mode === 'confirmed') {
    options = { startToCloseTimeout: UNBOUNDED_START_TO_CLOSE, heartbeatTimeout: UNBOUNDED_HEARTBEAT, retry };
  } else {
    options = { startToCloseTimeout: provider.requestTimeoutMs * provider.endpoints.length + 5_000, heartbeatTimeout: HEARTBEAT, retry };
  }
  run.tracker.mark(nodeId, 'in-progress', { serviceOrderId });
  const settle = (status: 'COMPLETED' | 'FAILED', message?: string, payload?: Record<string, unknown>) =>
    bookkeeping.settleServiceOrder({
      serviceOrderId,
      status,
      transitions: serviceType.transitions,
      providerCode: provider.code,
      subjectKey: serviceKey,
      ...(message ? { message } : {}),
      ...(payload ? { payload } : {}),
    });

  const conclude = (failWith?: string) =>
    bookkeeping.concludeServiceOrder({ serviceOrderId, transitions: serviceType.transitions, providerCode: provider.code, subjectKey: serviceKey, ...(failWith ? { failWith } : {}) });

  let answer: Awaited<ReturnType<ReturnType<typeof activitiesWith>['provisioning']>>;
  try {
    answer = await withStateChanges(run, request, activitiesWith({ ...options, ...providerRouting(provider) }).provisioning);
  } catch (err) {
    const failed = failureOutcome(err);
    const note = failed.outcome === 'timeout' ? `no answer within ${params.timeout}` : failed.error;
    if (!since(SETTLE_FROM_RECORD_PATCH)) {
      await settle('FAILED', note);
      return failed;
    }
    // The order's record decides: an answer stored by an attempt whose completion came too late
    // wins over the timeout; an order no worker ever created has nothing to settle.
    const concluded = await conclude(note);
    if (concluded.kind !== 'answered') return failed;
    const { verdict, output } = concluded;
    return verdict.status === 'COMPLETED'
      ? { outcome: 'success', status: 'completed', output }
      : { outcome: 'failure', status: 'failed', output, error: verdict.message ?? 'the provider reported a failure' };
  }
  const waiting = notSent(answer.slot);
  if (waiting) {
    // Nothing was sent: the service's slot is someone else's (or not a row yet).
    run.tracker.mark(nodeId, 'awaiting-network', { serviceOrderId });
    return waiting;
  }
  if (answer.outcome !== 'accepted') {
    return { outcome: answer.outcome, status: answer.outcome === 'success' ? 'completed' : 'failed', output: answer.output, attempt: answer.attempt, ...handedBack(answer.slot) };
  }

  run.tracker.mark(nodeId, 'sent-to-network', { serviceOrderId });
  const waitMs = mode === 'queued' ? parseDuration(params.maxWait) : confirmMs;
  const wait = mode === 'queued' ? params.maxWait : params.timeout;
  let response: OrderResponse | undefined;
  if (since(SETTLE_FROM_RECORD_PATCH)) {
    response = await run.tracker.waitFor(() => awaitAnswer(run, serviceOrderId, waitMs, conclude, `no response within ${wait}`));
  } else {
    const answered = await run.tracker.waitFor(() =>
      waitMs > 0 ? condition(() => run.responses.has(serviceOrderId), waitMs) : condition(() => run.responses.has(serviceOrderId)).then(() => true),
    );
    if (!answered) await settle('FAILED', `no response within ${wait}`);
    else response = run.responses.get(serviceOrderId);
  }
  if (!response) return { outcome: 'timeout', status: 'timed-out', error: `the provider did not respond within ${wait}` };
  await settle(response.status, response.message, response.payload);
  return response.status === 'COMPLETED'
    ? { outcome: 'success', status: 'completed', output: { serviceOrderId, ...(response.payload ?? {}) } }
    : { outcome: 'failure', status: 'failed', output: { serviceOrderId, ...(response.payload ?? {}) }, error: response.message ?? 'the provider reported a failure' };
}

/**
 * Waits for the provider's answer to arrive by signal, reading the order's record every
 * RECHECK_EVERY_MS and once more when the wait runs out (then failing the order if it still holds
 * no answer): an answer the API recorded while Temporal could not take the signal is applied all
 * the same. `waitMs` 0 waits without end. Undefined means no answer within the wait.
 */
async function awaitAnswer(
  run: RunContext,
  serviceOrderId: string,
  waitMs: number,
  conclude: (failWith?: string) => Promise<OrderConclusion>,
  timeoutNote: string,
): Promise<OrderResponse | undefined> {
  const fromRecord = (c: OrderConclusion): OrderResponse | undefined =>
    c.kind === 'answered'
      ? { serviceOrderId, status: c.verdict.status, ...(c.verdict.message ? { message: c.verdict.message } : {}), ...(c.verdict.state ? { payload: c.verdict.state } : {}) }
      : undefined;
  const deadline = waitMs > 0 ? Date.now() + waitMs : undefined;
  for (;;) {
    const slice = deadline === undefined ? RECHECK_EVERY_MS : Math.min(RECHECK_EVERY_MS, deadline - Date.now());
    if (slice > 0 && (await condition(() => run.responses.has(serviceOrderId), slice))) return run.responses.get(serviceOrderId);
    const last = deadline !== undefined && Date.now() >= deadline;
    const recorded = fromRecord(await conclude(last ? timeoutNote : undefined));
    // The last read has settled the order from its record: the step follows it, whatever signal
    // raced it. Before that, a signal that came while the record was read is the same answer.
    if (last) return recorded;
    const answer = run.responses.get(serviceOrderId) ?? recorded;
    if (answer) return answer;
  }
}
