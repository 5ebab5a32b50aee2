// The benchmark's yardstick (tools/bench): not part of the product bundle (not exported from index.ts).
// Same three-step provisioning flow as the bench graph, by hand, with the same activities and queueing.
import { condition, getExternalWorkflowHandle, proxyActivities, setHandler, uuid4, workflowInfo } from '@temporalio/workflow';
import { serviceQueueWorkflowId, type RunInput } from '@signalbox/contracts';
import type { Activities } from '@signalbox/activities';
import { grantedSignal, releaseSignal } from '../messages';

const acts = proxyActivities<Activities>({
  startToCloseTimeout: '30s',
  heartbeatTimeout: '10s',
  retry: { maximumAttempts: 5, initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' },
});

export async function handWrittenProvisioningWorkflow(input: RunInput): Promise<string[]> {
  const grants = new Set<string>();
  setHandler(grantedSignal, ({ requestId }) => {
    grants.add(requestId);
  });
  const subject = input.subject;
  const serviceKey = subject.serviceId ?? subject.msisdn ?? workflowInfo().workflowId;
  const outcomes: string[] = [];
  for (const nodeId of ['a1', 'a2', 'a3']) {
    const code = input.snapshot.actionCodes[`BENCH_${nodeId.toUpperCase()}`];
    const params = code.parameters as { provider: string; serviceType: string };
    const serviceOrderId = uuid4();
    await acts.enqueueServiceOrder({ serviceKey, request: { requestId: serviceOrderId, runWorkflowId: workflowInfo().workflowId, concurrent: false } });
    await condition(() => grants.has(serviceOrderId));
    const result = await acts.provisioning({
      workflowId: workflowInfo().workflowId,
      nodeId,
      actionCode: code,
      inputs: {},
      subject,
      data: input.data,
      test: input.test,
      provider: input.snapshot.providers[params.provider],
      serviceType: input.snapshot.serviceTypes[params.serviceType],
      serviceOrderId,
      serviceKey,
      mode: 'confirmed',
    });
    await getExternalWorkflowHandle(serviceQueueWorkflowId(serviceKey)).signal(releaseSignal, { requestId: serviceOrderId, outcome: result.outcome });
    outcomes.push(result.outcome);
    if (result.outcome !== 'success') break;
  }
  return outcomes;
}
