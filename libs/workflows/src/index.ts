// The workflow bundle's entry: every workflow the worker registers, under the names in
// @signalbox/contracts WORKFLOW_TYPES.
export { interpreterWorkflow } from './interpreter.workflow';
export { serviceOrderQueueWorkflow } from './service-queue.workflow';
export { smokeWorkflow } from './smoke.workflow';
export { batchRunWorkflow } from './batch-run.workflow';
export { bulkOperationWorkflow } from './bulk-operation.workflow';
export { tmfServiceOrderWorkflow } from './tmf-order.workflow';
export { tmfHubDeliveryWorkflow } from './tmf-hub-delivery.workflow';
export { fileBatchWorkflow } from './file-batch.workflow';
export { reconciliationWorkflow } from './reconciliation.workflow';
export { letterBatchWorkflow } from './letter-batch.workflow';
export { webhookDeliveryWorkflow } from './webhook-delivery.workflow';
