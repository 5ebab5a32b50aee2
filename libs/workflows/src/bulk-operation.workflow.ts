import { continueAsNew, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import { addBulkPage, BULK_LIMITS, bulkProgressQuery, emptyBulkProgress, type BulkOperationInput, type BulkOperationState } from '@signalbox/contracts';
import type { Activities } from '@signalbox/activities';

const bulk = proxyActivities<Activities>({
  // A page is at most pageSize / perSecond long (100 s at 1 per second); heartbeats show it is alive.
  startToCloseTimeout: '10m',
  heartbeatTimeout: '1m',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m', nonRetryableErrorTypes: ['Misconfigured'] },
});

/**
 * One bulk operation (POST /api/runs/bulk): pages through its visibility query and applies the
 * operation to each run, rate-limited inside the page activity. The runs never travel through
 * the workflow, only the counts and Temporal's page token; after `pagesPerExecution` pages it
 * continues as new with both, so a bulk over many runs keeps a short history.
 */
export async function bulkOperationWorkflow(input: BulkOperationInput): Promise<BulkOperationState> {
  let progress = input.progress ?? emptyBulkProgress();
  let done = false;
  setHandler(bulkProgressQuery, () => ({ ...progress, done }));
  let pageToken = input.pageToken;
  for (let pages = 0; ; pages++) {
    if (pages >= BULK_LIMITS.pagesPerExecution || workflowInfo().continueAsNewSuggested) {
      return continueAsNew<typeof bulkOperationWorkflow>({ ...input, progress, ...(pageToken ? { pageToken } : {}) });
    }
    const page = await bulk.bulkPage({
      bulkId: workflowInfo().workflowId,
      query: input.query,
      action: input.action,
      perSecond: input.perSecond,
      ...(pageToken ? { pageToken } : {}),
    });
    progress = addBulkPage(progress, page);
    pageToken = page.pageToken;
    if (!pageToken) break;
  }
  done = true;
  return { ...progress, done };
}
