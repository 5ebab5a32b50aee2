import { since } from './patch-generation';
import { uuid4 } from '@temporalio/workflow';
import { isCompensable, type ActionCode, type NodeOfKind } from '@signalbox/domain';
import type { ActionRequest } from '@signalbox/activities';
import { actionRequest } from './action-request';
import { activitiesWith, providerRouting, toTemporalRetry } from './activities';
import { sendCommunication } from './communication.step';
import { withOrderSlots } from './order-slots';
import { afterMaintenance } from './maintenance-hold';
import { provisioningStep } from './provisioning.step';
import type { RunContext } from './run-context';
import { parksOnFailure, withRetryInputs } from './incident';
import { failureOutcome, handedBack, notSent, type StepResult } from './step-result';
import { runTransitionActions } from './transition-actions';
import { withStateChanges } from './run-state-events';

/** Ceiling for an action's activity when its provider gives no request timeout. */
const DEFAULT_ACTION_TIMEOUT_MS = 60_000;

/** An action node: the activity registered for the action code's type, with its retry policy. */
export async function actionStep(run: RunContext, node: NodeOfKind<'action'>): Promise<StepResult> {
  const code = run.snapshot.actionCodes[node.actionCode];
  if (!code) return { outcome: 'failure', status: 'failed', error: `action code ${node.actionCode} is not in the run's snapshot` };
  const inputs = withRetryInputs(run, node.id, await run.evaluateAll(node.inputs));
  run.tracker.mark(node.id, 'in-progress', { input: inputs });
  const result = await runTransitionActions(run, node.id, code, inputs, await runAction(run, node.id, code, inputs), runAction);
  if (result.outcome === 'success' && result.status !== 'skipped' && code.compensation) {
    run.compensations.push({ nodeId: node.id, actionCode: code.compensation, inputs });
  }
  // A step that will park as an incident is compensated only if an operator fails the run.
  if (result.outcome === 'timeout' && isCompensable(code.actionType) && !parksOnFailure(run, node, result.outcome)) {
    await compensate(run, code, node.id, inputs);
  }
  return result;
}

/** An incident after a timeout that the operator failed: the saga runs as it would have without the incident. */
export async function compensateAfterIncident(run: RunContext, node: NodeOfKind<'action'>): Promise<void> {
  const code = run.snapshot.actionCodes[node.actionCode];
  if (!code || !isCompensable(code.actionType)) return;
  const input = run.tracker.state.nodes[node.id]?.input;
  await compensate(run, code, node.id, input && typeof input === 'object' ? (input as Record<string, unknown>) : {});
}

/** Patch id: a non-telco service type that is not permitted sends nothing. */
export const SERVICE_TYPE_PERMITTED_PATCH = 'service-type-permitted';
/** Patch id: credit-control, subscription-service and http-call orders wait in the service's queue too. */
export const EVERY_ORDER_QUEUED_PATCH = 'every-order-kind-queued';
/**
 * Action types whose activity places a service order (provisioning has its own step).
 * account-type-movement joined later: no history recorded before it can contain one.
 */
const ORDER_ACTION_TYPES = new Set(['credit-control', 'subscription-service', 'account-type-movement', 'http-call']);

/** Runs one action code (also used for compensations and transition actions). */
export async function runAction(run: RunContext, nodeId: string, code: ActionCode, inputs: Record<string, unknown>): Promise<StepResult> {
  if (code.actionType === 'provisioning') {
    const skipped = notPermitted(run, code);
    if (skipped && since(SERVICE_TYPE_PERMITTED_PATCH)) return skipped;
    return provisioningStep(run, nodeId, code, inputs);
  }
  if (code.actionType === 'communication') return sendCommunication(run, nodeId, code.parameters as CommunicationLike, code);
  const providerCode = typeof code.parameters.provider === 'string' ? code.parameters.provider : undefined;
  const provider = providerCode ? run.snapshot.providers[providerCode] : undefined;
  const request: ActionRequest = { ...actionRequest(run, nodeId, code, inputs), ...(provider ? { provider } : {}) };
  const perAttempt = provider ? provider.requestTimeoutMs * provider.endpoints.length + 5_000 : DEFAULT_ACTION_TIMEOUT_MS;
  const acts = activitiesWith({ startToCloseTimeout: perAttempt, retry: toTemporalRetry(code.retry), ...providerRouting(provider) });
  const activity = acts[code.actionType as keyof typeof acts] as unknown as ((req: ActionRequest) => Promise<{ outcome: string; output?: unknown; attempt?: number; slot?: StepResult['slot']; stateChangesRecorded?: true }>) | undefined;
  if (typeof activity !== 'function') return { outcome: 'failure', status: 'failed', error: `no activity for action type ${code.actionType}` };
  const call = async (req: ActionRequest): Promise<StepResult> => {
    try {
      const result = await withStateChanges(run, req, activity);
      return notSent(result.slot) ?? { outcome: result.outcome, status: result.outcome === 'success' ? 'completed' : 'failed', output: result.output, attempt: result.attempt, ...handedBack(result.slot) };
    } catch (err) {
      return failureOutcome(err);
    }
  };
  if (!ORDER_ACTION_TYPES.has(code.actionType) || !since(EVERY_ORDER_QUEUED_PATCH)) return call(request);
  // Like provisioning: the run fixes the order's id, so the queue's request and the order are one.
  const serviceOrderId = uuid4();
  const serviceKey = run.serviceKey();
  run.tracker.mark(nodeId, 'awaiting-network', { serviceOrderId });
  return withOrderSlots(
    run,
    { serviceKey, serviceOrderId, concurrent: provider?.allowInFlightChanges ?? false, priority: 'normal', ...(provider ? { provider } : {}) },
    (claim) =>
      afterMaintenance(run, nodeId, serviceOrderId, provider, async () => {
        run.tracker.mark(nodeId, 'in-progress', { serviceOrderId });
        const result = await call({ ...request, serviceOrderId, serviceKey, ...(claim ? { slot: claim } : {}) });
        if (result.slot === 'busy' || result.slot === 'unclaimed') run.tracker.mark(nodeId, 'awaiting-network', { serviceOrderId });
        return result;
      }),
  );
}

/** A non-telco service type not permitted for provisioning: the step sends nothing and says why. */
function notPermitted(run: RunContext, code: ActionCode): StepResult | undefined {
  const serviceType = typeof code.parameters.serviceType === 'string' ? run.snapshot.serviceTypes[code.parameters.serviceType] : undefined;
  if (!serviceType || serviceType.telco || serviceType.permitted) return undefined;
  const reason = `service type ${serviceType.code} is not permitted for provisioning, so no order was sent`;
  return { outcome: 'success', status: 'skipped', output: { skipped: true, reason } };
}

type CommunicationLike = { template: string; channel?: string; to?: string; locale?: string; provider?: string };

/**
 * Saga: the timed-out step's own compensation first (it may have half-happened at the provider),
 * then every compensation recorded by earlier successful steps, newest first.
 */
async function compensate(run: RunContext, timedOut: ActionCode, nodeId: string, inputs: Record<string, unknown>): Promise<void> {
  const pending = [...run.compensations].reverse();
  run.compensations.length = 0;
  if (timedOut.compensation) pending.unshift({ nodeId, actionCode: timedOut.compensation, inputs });
  for (const step of pending) {
    const code = run.snapshot.actionCodes[step.actionCode];
    if (!code) continue;
    const result = await runAction(run, `${step.nodeId}~undo`, code, step.inputs);
    if (step.nodeId !== nodeId) {
      run.tracker.mark(step.nodeId, result.outcome === 'success' ? 'compensated' : run.tracker.state.nodes[step.nodeId]?.status ?? 'completed', {
        ...(result.outcome === 'success' ? {} : { error: `compensation ${step.actionCode} ended ${result.outcome}${result.error ? `: ${result.error}` : ''}` }),
      });
    }
    run.results[`${step.nodeId}~undo`] = { outcome: result.outcome, output: result.output };
  }
}

