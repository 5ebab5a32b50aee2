import type { ActionCode, Channel } from '@signalbox/domain';
import type { ActionRequest, RenderRequest } from '@signalbox/activities';
import { activitiesWith, bookkeeping, localBookkeeping, toTemporalRetry } from './activities';
import type { RunContext } from './run-context';
import { failureOutcome, type StepResult } from './step-result';
import { actionRequest } from './action-request';
import { withStateChanges } from './run-state-events';

export interface MessageSpec {
  template: string;
  channel?: string;
  /** Recipient expression. */
  to?: string;
  /** Locale expression. */
  locale?: string;
  /** The channel's provider (a communication node's `provider`; an action code carries its own). */
  provider?: string;
}

/**
 * Renders a template (activity: templates can be long and rendering them is not the run's history
 * business) and sends it on its channel. Used by communication nodes and communication actions.
 */
export async function sendCommunication(run: RunContext, nodeId: string, spec: MessageSpec, code?: ActionCode): Promise<StepResult> {
  const template = run.snapshot.templates[spec.template];
  if (!template) return { outcome: 'failure', status: 'failed', error: `template ${spec.template} is not in the run's snapshot` };
  const channel = (spec.channel ?? template.channel) as Channel;
  let to: unknown;
  let locale: unknown;
  try {
    to = await run.evaluate(spec.to ?? (channel === 'email' ? 'data.email' : 'subject.msisdn'));
    locale = spec.locale ? await run.evaluate(spec.locale) : undefined;
  } catch (err) {
    return { outcome: 'failure', status: 'failed', error: err instanceof Error ? err.message : String(err) };
  }
  if (typeof to !== 'string' || to === '') {
    return { outcome: 'failure', status: 'failed', error: `no recipient: ${spec.to ?? 'the default recipient'} gives nothing` };
  }
  run.tracker.mark(nodeId, 'in-progress', { input: { template: spec.template, channel, to } });
  const retry = toTemporalRetry(code?.retry);
  const acts = activitiesWith({ startToCloseTimeout: '60s', retry });
  try {
    const render: RenderRequest = {
      templateCode: spec.template,
      template,
      channel,
      to,
      ...(typeof locale === 'string' ? { locale } : {}),
      context: run.expressionContext() as unknown as Record<string, unknown>,
    };
    // Riding runs hand the template to the sending activity, which renders it (no local activity).
    const message = run.riding ? undefined : await (run.lean ? localBookkeeping : bookkeeping).renderMessage(render);
    // A communication node has no action code of its own: this stands in for one, naming the
    // node's provider where the activity looks for it (parameters.provider).
    const actionCode = code ?? {
      code: 'COMMUNICATION',
      actionType: 'communication',
      name: 'Communication',
      parameters: { template: spec.template, ...(spec.provider ? { provider: spec.provider } : {}) },
    };
    const request: ActionRequest = {
      ...actionRequest(run, nodeId, actionCode, {}),
      ...(message ? { message } : { render }),
      ...(retry.maximumAttempts ? { maximumAttempts: retry.maximumAttempts } : {}),
    };
    const result = await withStateChanges(run, request, acts.communication);
    // A refused message comes back as outcome `failure` with its reason in the output (the
    // activity records it rather than throwing): the run shows that reason as the step's error.
    const refusal = result.outcome !== 'success' && typeof result.output?.error === 'string' ? { error: result.output.error } : {};
    return { outcome: result.outcome, status: result.outcome === 'success' ? 'completed' : 'failed', output: result.output, attempt: result.attempt, ...refusal };
  } catch (err) {
    const failed = failureOutcome(err);
    // A communication has no timeout edge: running out of time is a failure to notify.
    return { ...failed, outcome: 'failure', status: 'failed' };
  }
}
