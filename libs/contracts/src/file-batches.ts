import type { WireServiceOrder } from './provider-wire';

/**
 * A file provider's open batch is a Temporal workflow, `file-batch:<provider>`: the sending
 * activity adds each order with signal-with-start; the workflow writes the batch file when it
 * holds `maxBatchOrders` orders or its first order has waited `maxBatchAgeMs`, then ends (the
 * next order starts the next batch).
 */
export function fileBatchWorkflowId(providerCode: string): string {
  return `file-batch:${providerCode}`;
}

/** Start arguments; the limits are the provider's when the batch opened. */
export interface FileBatchInput {
  providerCode: string;
  maxBatchOrders: number;
  maxBatchAgeMs: number;
  /** Orders carried over by continue-as-new. */
  pending?: WireServiceOrder[];
}

/** What writing one batch file did. */
export interface FileBatchWritten {
  batchId: string;
  file: string;
  count: number;
}

export type FileBatchWorkflow = (input: FileBatchInput) => Promise<{ batches: number }>;
