import { condition, continueAsNew, proxyActivities, setHandler, uuid4, workflowInfo } from '@temporalio/workflow';
import { fileBatchOrderSignal, type FileBatchInput, type WireServiceOrder } from '@signalbox/contracts';
import type { Activities } from '@signalbox/activities';

const files = proxyActivities<Activities>({
  startToCloseTimeout: '2m',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m', nonRetryableErrorTypes: ['ProviderMisconfigured'] },
});

/**
 * A file provider's open batch (`file-batch:<provider>`). Orders arrive by signal (added once
 * each, by order id); the batch closes when it holds `maxBatchOrders` or when its first order
 * has waited `maxBatchAgeMs`, and `writeFileBatch` writes it. Orders that arrived meanwhile
 * start the next batch in the same run; the workflow ends once nothing is waiting. Returning
 * while a signal is in flight is safe: Temporal refuses the completion and the workflow sees the
 * signal first. Durable: a worker restart loses no order, a batch is written once (the batch id
 * is chosen by the workflow, and the file is named by it).
 */
export async function fileBatchWorkflow(input: FileBatchInput): Promise<{ batches: number }> {
  const pending: WireServiceOrder[] = [...(input.pending ?? [])];
  const seen = new Set(pending.map((o) => o.serviceOrderId));
  setHandler(fileBatchOrderSignal, (order) => {
    // A retried send signals the same order again; it belongs in one batch only.
    if (seen.has(order.serviceOrderId)) return;
    seen.add(order.serviceOrderId);
    pending.push(order);
  });
  let batches = 0;
  for (;;) {
    await condition(() => pending.length > 0);
    await condition(() => pending.length >= input.maxBatchOrders, input.maxBatchAgeMs);
    const orders = pending.splice(0, input.maxBatchOrders);
    await files.writeFileBatch({ providerCode: input.providerCode, batchId: uuid4(), orders });
    batches++;
    if (pending.length === 0) return { batches };
    if (workflowInfo().continueAsNewSuggested) return continueAsNew<typeof fileBatchWorkflow>({ ...input, pending });
  }
}
