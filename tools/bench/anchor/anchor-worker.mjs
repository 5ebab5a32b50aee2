// The plain anchor's worker, in a process of its own so its CPU is measured apart from
// Signalbox's: `node anchor-worker.mjs` with TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE and
// ANCHOR_TASK_QUEUE. Prints "anchor worker ready" once polling.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApplicationFailure } from '@temporalio/common';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { temporalConnectionFromVariables } from '@signalbox/contracts/temporal-connection';

const HERE = path.dirname(fileURLToPath(import.meta.url));

async function post(url, body, idempotencyKey) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  if (response.status >= 500) throw ApplicationFailure.retryable(`${url} answered ${response.status}`);
  if (response.status >= 400) throw ApplicationFailure.nonRetryable(`${url} refused: ${response.status} ${text.slice(0, 200)}`);
  return text ? JSON.parse(text) : null;
}

const activities = {
  async postOrder({ endpoint, order }) {
    const answer = await post(`${endpoint}/orders`, order, order.serviceOrderId);
    return answer?.status ?? 'ACCEPTED';
  },
  async postMessage({ endpoint, message }) {
    await post(`${endpoint}/messages`, message, message.messageId);
  },
};

Runtime.install({ logger: new DefaultLogger('WARN') });
// The bench's own server is plaintext; against a cluster its TLS, mTLS or API key settings apply as in the apps.
const { options } = temporalConnectionFromVariables(process.env);
const connection = await NativeConnection.connect(options);
const worker = await Worker.create({
  connection,
  namespace: process.env.TEMPORAL_NAMESPACE ?? 'default',
  taskQueue: process.env.ANCHOR_TASK_QUEUE,
  workflowsPath: path.join(HERE, 'anchor.workflow.mjs'),
  activities,
  maxConcurrentActivityTaskExecutions: 100,
});
const running = worker.run();
console.log('anchor worker ready');
for (const signal of ['SIGTERM', 'SIGINT']) process.once(signal, () => worker.shutdown());
await running;
await connection.close();
