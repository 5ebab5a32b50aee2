import { ApplicationFailure, continueAsNew, isCancellation, proxyActivities, workflowInfo } from '@temporalio/workflow';
import { BATCH_LIMITS, type BatchRunInput, type BatchRunResult } from '@signalbox/contracts';
import type { Activities } from '@signalbox/activities';

const batch = proxyActivities<Activities>({
  // A page is at most pageSize / startsPerSecond long (bounded to an hour by CreateBatch); heartbeats show it is alive.
  startToCloseTimeout: '75m',
  heartbeatTimeout: '1m',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m', nonRetryableErrorTypes: ['BatchDeleted', 'NotPublished', 'BrokenSnapshot', 'Misconfigured'] },
});

/**
 * One execution of a batch definition, started by its Temporal Schedule (or a trigger): opens the
 * run log entry, then starts one interpreter run per subject, a page at a time. The subjects never
 * travel through the workflow — each page activity reads its page from the database by cursor —
 * and after `pagesPerExecution` pages the workflow continues as new with the cursor, so a
 * 100,000-subject batch keeps a short history. A worker killed mid-page repeats the page; the
 * runs' idempotency keys (execution + subject) make that start nothing twice.
 */
export async function batchRunWorkflow(input: BatchRunInput): Promise<BatchRunResult> {
  const info = workflowInfo();
  let executionId = input.executionId;
  let opened: Awaited<ReturnType<Activities['openBatchExecution']>>;
  try {
    // Keyed by the workflow id, which continue-as-new keeps: a continuation finds the same entry.
    const scheduled = info.searchAttributes?.TemporalScheduledStartTime?.[0];
    opened = await batch.openBatchExecution({
      batchCode: input.batchCode,
      workflowId: info.workflowId,
      ...(scheduled instanceof Date ? { scheduledAt: scheduled.toISOString() } : typeof scheduled === 'string' ? { scheduledAt: scheduled } : {}),
    });
  } catch (err) {
    throw ApplicationFailure.nonRetryable(`batch ${input.batchCode} could not start: ${messageOf(err)}`, 'BatchNotStarted');
  }
  executionId ??= opened.executionId;
  let cursor = input.cursor;
  let more = false;
  try {
    for (let pages = 0; ; pages++) {
      if (pages >= BATCH_LIMITS.pagesPerExecution || workflowInfo().continueAsNewSuggested) {
        more = true;
        break;
      }
      const page = await batch.startBatchPage({ ...opened, executionId, batchCode: input.batchCode, ...(cursor === undefined ? {} : { cursor }) });
      if (page.next === undefined) break;
      cursor = page.next;
    }
  } catch (err) {
    if (isCancellation(err)) throw err;
    await batch.finishBatchExecution({ executionId, status: 'failed', error: messageOf(err) });
    throw err;
  }
  // Outside the try: continueAsNew ends this run by throwing, which is not a failure of the batch.
  if (more) return continueAsNew<typeof batchRunWorkflow>({ batchCode: input.batchCode, executionId, ...(cursor === undefined ? {} : { cursor }) });
  await batch.finishBatchExecution({ executionId, status: 'done' });
  return { executionId };
}

function messageOf(err: unknown): string {
  const cause = (err as { cause?: unknown }).cause;
  return cause instanceof Error ? cause.message : err instanceof Error ? err.message : String(err);
}
