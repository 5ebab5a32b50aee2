import type { ActionCode } from '@signalbox/domain';
import type { ActionRequest } from '@signalbox/activities';
import type { RunContext } from './run-context';

/** What every action activity receives about its run; steps add their own fields on top. */
export function actionRequest(run: RunContext, nodeId: string, actionCode: ActionCode, inputs: Record<string, unknown>): ActionRequest {
  return {
    workflowId: run.workflowId,
    nodeId,
    actionCode,
    inputs,
    subject: run.input.subject,
    data: run.input.data,
    test: run.input.test,
  };
}
