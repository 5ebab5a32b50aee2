import { since } from './patch-generation';
import type { ActionCode } from '@signalbox/domain';
import { bookkeeping } from './activities';
import type { RunContext } from './run-context';
import type { StepResult } from './step-result';

/** Patch id: a service type's transition actions run after the order that made the transition. */
export const TRANSITION_ACTIONS_PATCH = 'service-transition-actions';

type RunAction = (run: RunContext, nodeId: string, code: ActionCode, inputs: Record<string, unknown>) => Promise<StepResult>;

/**
 * The actions a service type attaches to its state machine's transitions, run once the step's
 * order has settled (and its service slot is free), in the order the transitions were made, as
 * follow-up actions of the same run (`<node>~<FROM>-<TO>`). They never change the step's outcome;
 * their outcomes are listed in the step's output. Transition actions of a transition action's own
 * order are not run, so a state machine cannot make a run loop.
 */
export async function runTransitionActions(run: RunContext, nodeId: string, code: ActionCode, inputs: Record<string, unknown>, result: StepResult, runAction: RunAction): Promise<StepResult> {
  if (code.actionType !== 'provisioning') return result;
  const serviceType = typeof code.parameters.serviceType === 'string' ? run.snapshot.serviceTypes[code.parameters.serviceType] : undefined;
  const withActions = serviceType?.transitions.filter((t) => t.actionCode) ?? [];
  const output = result.output as { serviceOrderId?: unknown; skipped?: unknown } | undefined;
  // A send that failed or timed out has no output, but its order (and its transitions) exist.
  const serviceOrderId = output?.serviceOrderId ?? run.tracker.state.nodes[nodeId]?.serviceOrderId;
  if (withActions.length === 0 || typeof serviceOrderId !== 'string' || output?.skipped === true) return result;
  if (!since(TRANSITION_ACTIONS_PATCH)) return result;

  const taken = await bookkeeping.serviceOrderTransitions({ serviceOrderId });
  const ran: { transition: string; actionCode: string; outcome: string; error?: string }[] = [];
  for (const { from, to } of taken) {
    const transition = withActions.find((t) => t.from === from && t.to === to);
    if (!transition?.actionCode) continue;
    const key = `${nodeId}~${from}-${to}`;
    const action = run.snapshot.actionCodes[transition.actionCode];
    const done = action
      ? await runAction(run, key, action, inputs)
      : { outcome: 'failure', status: 'failed' as const, error: `action code ${transition.actionCode} is not in the run's snapshot` };
    run.results[key] = { outcome: done.outcome, ...(done.output === undefined ? {} : { output: done.output }) };
    ran.push({ transition: `${from}->${to}`, actionCode: transition.actionCode, outcome: done.outcome, ...(done.error ? { error: done.error } : {}) });
  }
  return ran.length === 0 ? result : { ...result, output: { ...output, transitionActions: ran } };
}
