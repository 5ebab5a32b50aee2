import { compileWorkflowOptions, isGrpcServiceError, WorkflowClient, type WorkflowStartOptions } from '@temporalio/client';
import type { Workflow } from '@temporalio/common';

const ALREADY_EXISTS = 6;

export interface StartOutcome {
  workflowId: string;
  runId: string;
  /** false when the workflow id already had a run (an idempotent repeat). */
  started: boolean;
}

/**
 * Starts a workflow and says whether this call created it. The SDK's `start` hides the server's
 * `started` flag, which is what tells a fresh raise from an idempotent repeat under the
 * USE_EXISTING conflict policy; a repeat after the run closed is refused by REJECT_DUPLICATE and
 * answered with the existing run.
 */
export class RunStarter extends WorkflowClient {
  async startOnce<T extends Workflow>(workflowType: string, options: WorkflowStartOptions<T>): Promise<StartOutcome> {
    const compiled = compileWorkflowOptions({
      ...options,
      args: (options.args ?? []) as unknown[],
      workflowIdConflictPolicy: 'USE_EXISTING' as const,
      workflowIdReusePolicy: 'REJECT_DUPLICATE' as const,
    });
    try {
      const request = await this.createStartWorkflowRequest({ options: compiled, headers: {}, workflowType });
      const response = await this.workflowService.startWorkflowExecution(request);
      return { workflowId: options.workflowId, runId: response.runId, started: Boolean(response.started) };
    } catch (err) {
      if (isGrpcServiceError(err) && err.code === ALREADY_EXISTS) {
        const existing = await this.getHandle(options.workflowId).describe();
        return { workflowId: options.workflowId, runId: existing.runId, started: false };
      }
      throw err;
    }
  }
}
