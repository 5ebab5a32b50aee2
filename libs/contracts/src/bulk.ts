import type { NamedSignal } from './temporal';

/*
 * Bulk operations by query (POST /api/runs/bulk): one operation applied to every interpreter run a
 * visibility query matches, by `bulkOperationWorkflow`, a page at a time and rate-limited. Each
 * page is an activity that lists the page and applies the operation run by run (heartbeating its
 * place, so a retried page resumes); incident decisions carry an update id made of the bulk id and
 * the run, so a repeated page never retries a run twice.
 */

export const BULK_OPERATIONS = ['retry', 'skip', 'fail', 'cancel', 'signal'] as const;
export type BulkOperation = (typeof BULK_OPERATIONS)[number];

export const BULK_LIMITS = {
  pageSize: 100,
  /** Runs acted on per second by default and at most. */
  defaultPerSecond: 10,
  maxPerSecond: 100,
  /** The sample a dry run shows. */
  sampleSize: 10,
  /** Errors kept in the progress (the counts are exact, the list is a sample). */
  keptErrors: 20,
  /** Pages per workflow run before it continues as new. */
  pagesPerExecution: 50,
} as const;

/** What each matched run gets; `skip`, `fail`, `retry` apply only to runs parked as incidents. */
export type BulkAction =
  | { operation: 'retry'; inputs?: Record<string, unknown> }
  | { operation: 'skip'; outcome: string; output?: Record<string, unknown> }
  | { operation: 'fail'; reason?: string }
  | { operation: 'cancel' }
  | { operation: 'signal'; signal: NamedSignal };

export interface BulkProgress {
  /** Runs the query listed so far. */
  listed: number;
  /** The run took the operation. */
  applied: number;
  /** The run refused it (e.g. no open incident any more) or had ended. */
  refused: number;
  /** Temporal could not be asked (the count of runs left as they were for another reason). */
  failed: number;
  errors: { runId: string; message: string }[];
}

export interface BulkOperationInput {
  /** The full visibility query (interpreter runs only, built by the API). */
  query: string;
  action: BulkAction;
  perSecond: number;
  actor: string;
  /** Carried across continue-as-new. */
  progress?: BulkProgress;
  /** Temporal's page token (base64), carried across continue-as-new. */
  pageToken?: string;
}

export interface BulkOperationState extends BulkProgress {
  done: boolean;
}

export interface BulkPageRequest {
  bulkId: string;
  query: string;
  action: BulkAction;
  perSecond: number;
  pageToken?: string;
}

export interface BulkPageResult extends Omit<BulkProgress, 'errors'> {
  errors: BulkProgress['errors'];
  /** Absent on the last page. */
  pageToken?: string;
}

export const emptyBulkProgress = (): BulkProgress => ({ listed: 0, applied: 0, refused: 0, failed: 0, errors: [] });

/** Adds one page's counts to the progress, keeping at most BULK_LIMITS.keptErrors errors. */
export function addBulkPage(progress: BulkProgress, page: BulkPageResult): BulkProgress {
  return {
    listed: progress.listed + page.listed,
    applied: progress.applied + page.applied,
    refused: progress.refused + page.refused,
    failed: progress.failed + page.failed,
    errors: [...progress.errors, ...page.errors].slice(0, BULK_LIMITS.keptErrors),
  };
}

export function bulkWorkflowId(id: string): string {
  return `bulk:${id}`;
}
