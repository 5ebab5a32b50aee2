import { getActionType, type ActionCode, type NodeOfKind } from '@signalbox/domain';
import type { ActionRequest } from '@signalbox/activities';
import { actionRequest } from './action-request';
import { activitiesWith, providerRouting, toTemporalRetry } from './activities';
import { sendCommunication } from './communication.step';
import { provisioningStep } from './provisioning.step';
import type { RunContext } from './run-context';
import { failureOutcome, type StepResult } from './step-result';

/** Ceiling for an action's activity when its provider gives no request timeout. */
const DEFAULT_ACTION_TIMEOUT_MS = 60_000;

/** An action node: the activity registered for the action code's type, with its retry policy. */
export async function actionStep(run: RunContext, node: NodeOfKind<'action'>): Promise<StepResult> {
  const code = run.snapshot.actionCodes[node.actionCode];
  if (!code) return { outcome: 'failure', status: 'failed', error: `action code ${node.actionCode} is not in the run's snapshot` };
  const inputs = await run.evaluateAll(node.inputs);
  run.tracker.mark(node.id, 'in-progress', { input: inputs });
  const result = await runAction(run, node.id, code, inputs);
  if (result.outcome === 'success' && code.compensation) {
    run.compensations.push({ nodeId: node.id, actionCode: code.compensation, inputs });
  }
  if (result.outcome === 'timeout' && getActionType(code.actionType)?.compensable) {
    await compensate(run, code, node.id, inputs);
  }
  return result;
}

/** Runs one action code (also used for compensations). */
export async function runAction(run: RunContext, nodeId: string, code: ActionCode, inputs: Record<string, unknown>): Promise<StepResult> {
  if (code.actionType === 'provisioning') return provisioningStep(run, nodeId, code, inputs);
  if (code.actionType === 'communication') return sendCommunication(run, nodeId, code.parameters as CommunicationLike, code);
  const providerCode = typeof code.parameters.provider === 'string' ? code.parameters.provider : undefined;
  const provider = providerCode ? run.snapshot.providers[providerCode] : undefined;
  const request: ActionRequest = { ...actionRequest(run, nodeId, code, inputs), ...(provider ? { provider } : {}) };
  const perAttempt = provider ? provider.requestTimeoutMs * provider.endpoints.length + 5_000 : DEFAULT_ACTION_TIMEOUT_MS;
  const acts = activitiesWith({ startToCloseTimeout: perAttempt, retry: toTemporalRetry(code.retry), ...providerRouting(provider) });
  const activity = acts[code.actionType as keyof typeof acts] as unknown as ((req: ActionRequest) => Promise<{ outcome: string; output?: unknown; attempt?: number }>) | undefined;
  if (typeof activity !== 'function') return { outcome: 'failure', status: 'failed', error: `no activity for action type ${code.actionType}` };
  try {
    const result = await activity(request);
    return { outcome: result.outcome, status: result.outcome === 'success' ? 'completed' : 'failed', output: result.output, attempt: result.attempt };
  } catch (err) {
    return failureOutcome(err);
  }
}

type CommunicationLike = { template: string; channel?: string; to?: string; locale?: string };

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

