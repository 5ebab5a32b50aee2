// The benchmark's yardstick: the six-step flow as a developer would write it by hand with
// Temporal alone. Same provider calls as Signalbox's flow (three HSS orders A → S → R, an SMS
// when the subject has a number, an OCS bar), each an activity doing one HTTP POST to the
// simulator. No database, no per-service queue, no graph, no search-attribute upserts.
import { condition, defineSignal, proxyActivities, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';

const { postOrder, postMessage } = proxyActivities({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '30s', maximumAttempts: 5 },
});

export async function plainAnchorWorkflow(input) {
  const { endpoints, subject } = input;
  // Deterministic order ids: a retried activity carries the same idempotency key.
  const id = (step) => `${workflowInfo().workflowId}:${step}`;
  const order = (step, action, serviceType, fields = {}) => ({
    serviceOrderId: id(step),
    action,
    serviceType,
    priority: 'normal',
    subject,
    fields: { msisdn: subject.msisdn, ...fields },
  });
  for (const [step, action] of [['a1', 'A'], ['a2', 'S'], ['a3', 'R']]) {
    const status = await postOrder({ endpoint: endpoints.hss, order: order(step, action, '/service/telco/bench') });
    if (status !== 'COMPLETED') return 'failed';
  }
  if (subject.msisdn) {
    await postMessage({ endpoint: endpoints.sms, message: { messageId: id('sms'), channel: 'sms', to: subject.msisdn, body: `Your line ${subject.msisdn} is ready.` } });
  }
  const barred = await postOrder({ endpoint: endpoints.ocs, order: order('bar', 'A', '/service/charging/bar', { operation: 'bar', barType: 'outgoing' }) });
  return barred === 'COMPLETED' ? 'completed' : 'failed';
}

const go = defineSignal('go');

/**
 * The parked yardstick (BENCH_PARKED): a plain workflow that waits up to an hour for a signal,
 * as a Signalbox run parks at a wait node. It says so in RunStatus (the dev server's search
 * attribute) so the bench can count when every one of them is parked in the worker's cache.
 */
export async function parkedAnchorWorkflow() {
  let released = false;
  setHandler(go, () => void (released = true));
  upsertSearchAttributes({ RunStatus: ['Waiting'] });
  await condition(() => released, '1h');
}
