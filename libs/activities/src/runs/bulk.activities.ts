import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { BULK_LIMITS, incidentUpdate, namedSignal, WORKFLOW_TYPES, type BulkAction, type BulkPageRequest, type BulkPageResult, type IncidentDecision } from '@signalbox/contracts';

export interface BulkDeps {
  temporal?: Client;
}

/** What a page activity heartbeats: how far into its page it got and the counts so far. */
interface PagePlace {
  done: number;
  result: BulkPageResult;
}

type Verdict = 'applied' | 'refused' | 'failed';

function decisionOf(action: BulkAction): IncidentDecision | undefined {
  switch (action.operation) {
    case 'retry':
      return { action: 'retry', ...(action.inputs ? { inputs: action.inputs } : {}) };
    case 'skip':
      return { action: 'skip', outcome: action.outcome, ...(action.output ? { output: action.output } : {}) };
    case 'fail':
      return { action: 'fail', ...(action.reason ? { reason: action.reason } : {}) };
    default:
      return undefined;
  }
}

/** The activities of bulkOperationWorkflow. */
export function bulkActivities(deps: BulkDeps) {
  function client(): Client {
    if (!deps.temporal) throw ApplicationFailure.nonRetryable('this worker was built without a Temporal client', 'Misconfigured');
    return deps.temporal;
  }

  async function apply(bulkId: string, runId: string, action: BulkAction): Promise<{ verdict: Verdict; message?: string }> {
    const handle = client().workflow.getHandle(runId);
    try {
      const decision = decisionOf(action);
      if (decision) {
        // One update id per bulk and run: a repeated page gets the first answer, not a second retry.
        await handle.executeUpdate(incidentUpdate, { args: [decision], updateId: `${bulkId}:${runId}` });
      } else if (action.operation === 'cancel') {
        await handle.cancel();
      } else if (action.operation === 'signal') {
        await handle.signal(namedSignal, action.signal);
      }
      return { verdict: 'applied' };
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError) return { verdict: 'refused', message: (err.cause as Error | undefined)?.message ?? err.message };
      if (err instanceof WorkflowNotFoundError) return { verdict: 'refused', message: 'the run has ended' };
      return { verdict: 'failed', message: err instanceof Error ? err.message : String(err) };
    }
  }

  /**
   * Lists one page of the query and applies the action to each run on it, at most `perSecond`
   * per second. A retried attempt resumes after the last run its predecessor heartbeated.
   */
  async function bulkPage(req: BulkPageRequest): Promise<BulkPageResult> {
    const ctx = Context.current();
    const response = await client().workflowService.listWorkflowExecutions({
      namespace: client().options.namespace,
      query: req.query,
      pageSize: BULK_LIMITS.pageSize,
      ...(req.pageToken ? { nextPageToken: Buffer.from(req.pageToken, 'base64') } : {}),
    });
    const executions = response.executions ?? [];
    const place = (ctx.info.heartbeatDetails as PagePlace | undefined) ?? { done: 0, result: { listed: 0, applied: 0, refused: 0, failed: 0, errors: [] } };
    const result = place.result;
    const gapMs = 1000 / Math.max(1, Math.min(req.perSecond, BULK_LIMITS.maxPerSecond));
    for (let i = place.done; i < executions.length; i++) {
      const info = executions[i];
      const runId = info.execution?.workflowId;
      result.listed += 1;
      // A query that reaches other workflow types is fenced here too: only interpreter runs are touched.
      if (!runId || info.type?.name !== WORKFLOW_TYPES.interpreter) {
        result.refused += 1;
      } else {
        const started = Date.now();
        const { verdict, message } = await apply(req.bulkId, runId, req.action);
        result[verdict] += 1;
        if (message && result.errors.length < BULK_LIMITS.keptErrors) result.errors.push({ runId, message: message.slice(0, 300) });
        const wait = gapMs - (Date.now() - started);
        // The rate limit: spacing between runs, not a wait for some state.
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      }
      ctx.heartbeat({ done: i + 1, result } satisfies PagePlace);
    }
    const token = response.nextPageToken && response.nextPageToken.length > 0 ? Buffer.from(response.nextPageToken).toString('base64') : undefined;
    return { ...result, ...(token ? { pageToken: token } : {}) };
  }

  return { bulkPage };
}
