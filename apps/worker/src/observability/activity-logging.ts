import type { ActivityExecuteInput, ActivityInboundCallsInterceptor, ActivityInterceptorsFactory, Next } from '@temporalio/worker';
import { ACTION_TYPES } from '@signalbox/domain';
import { eventCodeOfRunId } from '@signalbox/contracts';
import type { StructuredLogger } from './json-logger';

const ACTION_TYPE_KEYS: ReadonlySet<string> = new Set(ACTION_TYPES.map((t) => t.key));

/**
 * One structured line per action step attempt: debug when it answers, warn when it throws —
 * carrying the run (workflow id), node, service order, event code, action type and attempt. The
 * request itself (subject, data, provider settings) is not logged.
 */
export function actionLogging(log: StructuredLogger): ActivityInterceptorsFactory {
  return (ctx) => {
    const { activityType, attempt, workflowExecution } = ctx.info;
    if (!ACTION_TYPE_KEYS.has(activityType)) return {};
    const inbound: ActivityInboundCallsInterceptor = {
      async execute(input: ActivityExecuteInput, next: Next<ActivityInboundCallsInterceptor, 'execute'>) {
        const req = (input.args[0] ?? {}) as { nodeId?: string; serviceOrderId?: string; actionCode?: { code?: string } };
        const fields = {
          runId: workflowExecution?.workflowId,
          eventCode: eventCodeOfRunId(workflowExecution?.workflowId ?? ''),
          nodeId: req.nodeId,
          actionType: activityType,
          actionCode: req.actionCode?.code,
          serviceOrderId: req.serviceOrderId,
          attempt,
        };
        try {
          const result = (await next(input)) as { outcome?: string; serviceOrderId?: string } | undefined;
          log.debug('action step answered', { ...fields, serviceOrderId: result?.serviceOrderId ?? fields.serviceOrderId, outcome: result?.outcome });
          return result;
        } catch (err) {
          log.warn('action step attempt failed', { ...fields, error: err instanceof Error ? err.message : String(err) });
          throw err;
        }
      },
    };
    return { inbound };
  };
}
