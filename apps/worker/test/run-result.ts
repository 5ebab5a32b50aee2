import { WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { RUN_FAILED_ERROR_TYPE, type InterpreterWorkflow, type RunFailedDetails, type RunState } from '@signalbox/contracts';

/**
 * A run's final state whether it completed or failed: a failed run fails its workflow with the
 * state in the failure's details (RUN_FAILED_ERROR_TYPE), which is what `result()` then throws.
 */
export async function finalRunState(handle: WorkflowHandle<InterpreterWorkflow> | WorkflowHandle): Promise<RunState> {
  try {
    return (await handle.result()) as RunState;
  } catch (err) {
    const cause = err instanceof WorkflowFailedError ? err.cause : undefined;
    if (cause instanceof ApplicationFailure && cause.type === RUN_FAILED_ERROR_TYPE) return (cause.details as RunFailedDetails)[0];
    throw err;
  }
}
