import { ApplicationFailure, CancellationScope, condition, continueAsNew, isCancellation, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import { providerQueueWorkflowId, RECONCILIATION_LIMITS, serviceQueueWorkflowId, type ReconciliationInput, type SubjectToSync } from '@signalbox/contracts';
import type { Activities } from '@signalbox/activities';
import { grantedSignal } from './messages';

const reconcile = proxyActivities<Activities>({
  // A page reads 100 subjects through the provider's rate limit; heartbeats show it is alive.
  startToCloseTimeout: '30m',
  heartbeatTimeout: '1m',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m', nonRetryableErrorTypes: ['Misconfigured', 'ReconciliationGone', 'NoStateReader', 'UnknownProvider'] },
});

/** Subjects of a page brought back at once (each still holds its own service's slot). */
const SYNC_CONCURRENCY = 8;

/**
 * One reconciliation (POST /api/reconciliations): pages through the selected subjects; each page
 * activity reads the provider's state, writes one report line per subject and returns those
 * orders can bring back. Unless it is a dry run, each of those is synced while holding its
 * service's slot (`service:<key>`, as a run's order would), so a reconciliation order never
 * overlaps an order of a run. Subjects never travel through the workflow beyond one page; after
 * `pagesPerExecution` pages it continues as new with the cursor. Activities are idempotent by
 * key, so a worker killed mid-way resumes without ordering a subject twice.
 */
export async function reconciliationWorkflow(input: ReconciliationInput): Promise<void> {
  const grants = new Set<string>();
  setHandler(grantedSignal, ({ requestId }) => {
    grants.add(requestId);
  });
  let cursor = input.cursor;
  let more = false;
  try {
    for (let pages = 0; ; pages++) {
      if (pages >= RECONCILIATION_LIMITS.pagesPerExecution || workflowInfo().continueAsNewSuggested) {
        more = true;
        break;
      }
      const page = await reconcile.compareReconciliationPage({ id: input.id, provider: input.provider, ...(cursor === undefined ? {} : { cursor }) });
      if (!input.dryRun) {
        for (let at = 0; at < page.toSync.length; at += SYNC_CONCURRENCY) {
          await Promise.all(page.toSync.slice(at, at + SYNC_CONCURRENCY).map((subject) => syncHoldingSlots(input, subject, page.providerMode, grants)));
        }
      }
      if (page.next === undefined) break;
      cursor = page.next;
    }
  } catch (err) {
    if (isCancellation(err)) throw err;
    await reconcile.finishReconciliation({ id: input.id, status: 'failed', error: messageOf(err) });
    throw ApplicationFailure.nonRetryable(`reconciliation ${input.id} failed: ${messageOf(err)}`, 'ReconciliationFailed');
  }
  // Outside the try: continueAsNew ends this run by throwing, which is not a failure.
  if (more) return continueAsNew<typeof reconciliationWorkflow>({ ...input, ...(cursor === undefined ? {} : { cursor }) });
  await reconcile.finishReconciliation({ id: input.id, status: 'done' });
}

/**
 * Syncs one subject holding its service's slot and, for a `sync` provider, the provider's (always
 * in that order, as runs take them, so a reconciliation and a run never wait on each other).
 */
async function syncHoldingSlots(input: ReconciliationInput, subject: SubjectToSync, providerMode: 'sync' | 'async', grants: Set<string>): Promise<void> {
  const requestId = `reconcile:${input.id}:${subject.subjectKey}`;
  let outcome = 'failure';
  await holding({ serviceKey: subject.subjectKey, queueWorkflowId: serviceQueueWorkflowId(subject.subjectKey) }, requestId, grants, async () => {
    const sync = async () => {
      const synced = await reconcile.syncReconciledSubject({ id: input.id, provider: input.provider, subject });
      outcome = synced.synced ? 'success' : 'failure';
    };
    if (providerMode !== 'sync') return sync();
    const providerQueue = providerQueueWorkflowId(input.provider);
    return holding({ serviceKey: providerQueue, queueWorkflowId: providerQueue }, `${requestId}@provider`, grants, sync, () => outcome);
  }, () => outcome);
}

/** Joins a queue, waits for the grant, runs `work`, and hands the slot back with its outcome. */
async function holding(queue: { serviceKey: string; queueWorkflowId: string }, requestId: string, grants: Set<string>, work: () => Promise<void>, outcome: () => string): Promise<void> {
  const acquired = await reconcile.acquireServiceSlot({ ...queue, request: { requestId, runWorkflowId: workflowInfo().workflowId, concurrent: false, priority: 'normal' } });
  if (!acquired.granted) await condition(() => grants.has(requestId));
  try {
    await work();
  } finally {
    await CancellationScope.nonCancellable(() => reconcile.releaseServiceOrder({ queueWorkflowId: queue.queueWorkflowId, requestId, outcome: outcome() }));
  }
}

function messageOf(err: unknown): string {
  const cause = (err as { cause?: unknown }).cause;
  return cause instanceof Error ? cause.message : err instanceof Error ? err.message : String(err);
}
