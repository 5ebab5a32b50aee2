import { condition } from '@temporalio/workflow';
import { correlates, parseDuration, runCorrelation, type NodeOfKind, type WaitSpec } from '@signalbox/domain';
import type { CorrelatedMessage } from '@signalbox/contracts';
import { bookkeeping } from './activities';
import type { RunContext } from './run-context';
import type { StepResult } from './step-result';

type MessageSpec = Extract<WaitSpec, { type: 'message' }>;

/**
 * A message wait: the message named by the node, addressed by this run's values of its
 * `correlateBy` keys. One the run already took by update (while another wait was open) is used
 * first; otherwise the `claimMessage` activity takes a buffered one, or registers the wait so
 * that `POST /api/messages` finds this run and delivers by update (accepted while the wait is
 * registered here, from before the claim starts, so nothing sent during the claim is refused).
 */
export async function messageWaitStep(run: RunContext, node: NodeOfKind<'wait'>, spec: MessageSpec): Promise<StepResult> {
  const correlation = runCorrelation(spec.correlateBy, run.input.subject, run.input.data);
  if ('missing' in correlation) {
    const where = correlation.missing === 'externalOrderNumber' ? 'data.externalOrderNumber' : `subject.${correlation.missing}`;
    return { outcome: 'failure', status: 'failed', error: `message ${spec.message} is correlated by ${correlation.missing}, and this run has no ${where}` };
  }
  const wanted = correlation.keys;
  const timeoutMs = spec.timeout === '0' ? undefined : parseDuration(spec.timeout);
  const deadline = timeoutMs === undefined ? undefined : Date.now() + timeoutMs;
  run.tracker.mark(node.id, 'in-progress', { input: { message: spec.message, correlationKeys: wanted } });

  const matching = () => run.messages.findIndex((m) => m.name === spec.message && correlates(wanted, m.correlationKeys));
  const take = (): CorrelatedMessage => run.messages.splice(matching(), 1)[0];
  run.messageWaits.set(node.id, { name: spec.message, keys: wanted });
  try {
    let message: CorrelatedMessage | undefined = matching() >= 0 ? take() : undefined;
    if (!message) {
      const claimed = await run.tracker.waitFor(() =>
        bookkeeping.claimMessage({
          wait: { runId: run.workflowId, nodeId: node.id, name: spec.message, correlationKeys: wanted, ...(deadline === undefined ? {} : { until: new Date(deadline).toISOString() }) },
          seen: [...run.seenMessages].sort(),
        }),
      );
      if (claimed && !run.seenMessages.has(claimed.messageId)) {
        run.seenMessages.add(claimed.messageId);
        message = claimed;
      }
    }
    // Registered: from here on senders find this run (shown in the run's state).
    if (!message) run.tracker.mark(node.id, 'in-progress', { input: { message: spec.message, correlationKeys: wanted, registered: true } });
    if (!message) {
      const arrived =
        deadline === undefined
          ? await run.tracker.waitFor(() => condition(() => matching() >= 0).then(() => true))
          : await run.tracker.waitFor(() => condition(() => matching() >= 0, Math.max(0, deadline - Date.now())));
      if (!arrived) return { outcome: 'timeout', status: 'timed-out', error: `message ${spec.message} did not arrive within ${spec.timeout}` };
      message = take();
    }
    return {
      outcome: 'next',
      status: 'completed',
      output: { message: message.name, messageId: message.messageId, correlationKeys: message.correlationKeys, payload: message.payload },
    };
  } finally {
    run.messageWaits.delete(node.id);
  }
}
