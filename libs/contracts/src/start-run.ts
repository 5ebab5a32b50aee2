import type { WorkflowClient } from '@temporalio/client';
import type { RunStart } from './run-start';
import { WORKFLOW_TYPES, type InterpreterWorkflow } from './temporal';

/**
 * The one id policy for runs, API raises and linked runs alike: the workflow id is the
 * idempotency key, a second start of a running id fails (FAIL) and so does one of a closed id
 * (REJECT_DUPLICATE). Either failure means "this raise already has its run", answered with that
 * run — so concurrent duplicate raises start exactly one run, and the caller learns which call
 * started it (USE_EXISTING would hide that: the SDK does not surface the server's `started`).
 */
export const RUN_ID_POLICY = { workflowIdConflictPolicy: 'FAIL', workflowIdReusePolicy: 'REJECT_DUPLICATE' } as const;

export interface RunStartOutcome {
  workflowId: string;
  runId: string;
  /** false when the workflow id already had a run (an idempotent repeat). */
  started: boolean;
  /** The memo of the run that was there already (when `started` is false): who started it. */
  existingMemo?: Record<string, unknown>;
}

/** The SDK's WorkflowExecutionAlreadyStartedError, recognised by name (no SDK runtime in this barrel). */
const alreadyStarted = (err: unknown) => err instanceof Error && err.name === 'WorkflowExecutionAlreadyStartedError';

/**
 * Starts an interpreter run through the SDK's public client, by the plan planRunStart made: the
 * one way runs start. The client is a type-only import, so this barrel stays free of the SDK.
 */
export async function startInterpreterRun(client: WorkflowClient, taskQueue: string, plan: RunStart): Promise<RunStartOutcome> {
  const { workflowId } = plan;
  try {
    const handle = await client.start<InterpreterWorkflow>(WORKFLOW_TYPES.interpreter, {
      taskQueue,
      workflowId,
      args: [plan.input],
      ...(plan.startDelayMs > 0 ? { startDelay: plan.startDelayMs } : {}),
      typedSearchAttributes: plan.searchAttributes,
      staticSummary: plan.summary,
      memo: plan.memo,
      ...RUN_ID_POLICY,
    });
    return { workflowId, runId: handle.firstExecutionRunId, started: true };
  } catch (err) {
    if (!alreadyStarted(err)) throw err;
    const existing = await client.getHandle(workflowId).describe();
    return { workflowId, runId: existing.runId, started: false, ...(existing.memo ? { existingMemo: existing.memo } : {}) };
  }
}
