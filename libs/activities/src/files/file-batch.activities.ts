import type { Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { fileBatchOrderSignal, fileBatchWorkflowId, WORKFLOW_TYPES, type FileBatchInput, type FileBatchWritten, type WireServiceOrder } from '@signalbox/contracts';
import type { FileBatchSpool, FileProviderAdapter } from '../adapters/file-provider.adapter';
import type { ProviderDirectory, ServiceOrderPort } from '../ports';

/** The spool of the worker: the provider's open batch workflow, started by the first order. */
export function temporalFileSpool(client: () => Client, taskQueue: string): FileBatchSpool {
  return {
    async add(provider, order) {
      const file = provider.file!;
      const input: FileBatchInput = { providerCode: provider.code, maxBatchOrders: file.maxBatchOrders, maxBatchAgeMs: file.maxBatchAgeMs };
      await client().workflow.signalWithStart(WORKFLOW_TYPES.fileBatch, {
        workflowId: fileBatchWorkflowId(provider.code),
        taskQueue,
        args: [input],
        signal: fileBatchOrderSignal,
        signalArgs: [order],
        staticSummary: `file batch of ${provider.code}`,
      });
    },
  };
}

export interface FileBatchDeps {
  files: FileProviderAdapter;
  providers: ProviderDirectory;
  orders: Pick<ServiceOrderPort, 'recordExchange'>;
}

export function fileBatchActivities(deps: FileBatchDeps) {
  /** Writes one closed batch (folders and key read live, like endpoints and credentials) and notes it in each order's log. */
  async function writeFileBatch(req: { providerCode: string; batchId: string; orders: WireServiceOrder[] }): Promise<FileBatchWritten> {
    const provider = await deps.providers.load(req.providerCode);
    if (!provider) throw ApplicationFailure.nonRetryable(`provider ${req.providerCode} no longer exists; batch ${req.batchId} was not written`, 'ProviderMisconfigured');
    const written = await deps.files.writeBatch(provider, req.batchId, req.orders);
    for (const order of req.orders) {
      await deps.orders.recordExchange(order.serviceOrderId, { direction: 'state-change', note: `written to batch ${written.batchId} (${written.count} orders)` });
    }
    return written;
  }
  return { writeFileBatch };
}
