import {
  ActivityFailure,
  isCancellation,
  proxySinks,
  TimeoutFailure,
  workflowInfo,
  type ActivityInput,
  type Next,
  type WorkflowExecuteInput,
  type WorkflowInboundCallsInterceptor,
  type WorkflowInterceptorsFactory,
  type WorkflowOutboundCallsInterceptor,
} from '@temporalio/workflow';
import { ACTION_TYPE_KEYS as KEYS } from '@signalbox/domain';
import { WORKFLOW_TYPES, type RunEndResult, type RunInput, type RunMetricLabels, type RunMetricsSinks, type RunState } from '@signalbox/contracts';

/*
 * Counts runs and action steps for the worker's Prometheus metrics without touching the
 * interpreter: an interceptor around the interpreter workflow reports through a sink, which the
 * worker runs outside the sandbox and never during replay — a run rebuilt from its history after
 * a cache eviction or a worker restart is not counted again. Sinks issue no commands, so adding or
 * changing this module never makes a history non-deterministic.
 *
 * Registered by the worker's bundler (apps/worker/src/workflow-bundler.ts) as a workflow
 * interceptor module.
 */

const { runMetrics } = proxySinks<RunMetricsSinks>();
const ACTION_TYPE_KEYS: ReadonlySet<string> = new Set(KEYS);

class RunMetricsInbound implements WorkflowInboundCallsInterceptor {
  async execute(input: WorkflowExecuteInput, next: Next<WorkflowInboundCallsInterceptor, 'execute'>): Promise<unknown> {
    const run = input.args[0] as RunInput | undefined;
    const labels: RunMetricLabels = { eventCode: run?.snapshot?.eventCode ?? 'unknown', version: run?.snapshot?.version ?? 0, test: run?.test === true };
    runMetrics.runStarted(labels);
    let result: RunEndResult = 'failed';
    try {
      const state = (await next(input)) as RunState | undefined;
      // Runs started before failed runs failed their workflow return a state with result 'failed'.
      result = state?.result === 'failed' ? 'failed' : 'completed';
      return state;
    } catch (err) {
      result = isCancellation(err) ? 'cancelled' : 'failed';
      throw err;
    } finally {
      runMetrics.runEnded({ ...labels, result });
    }
  }
}

class StepMetricsOutbound implements WorkflowOutboundCallsInterceptor {
  scheduleActivity(input: ActivityInput, next: Next<WorkflowOutboundCallsInterceptor, 'scheduleActivity'>): Promise<unknown> {
    const pending = next(input);
    if (ACTION_TYPE_KEYS.has(input.activityType)) {
      const actionType = input.activityType;
      // Observes the same promise the interpreter awaits; the interpreter's own handling is unchanged.
      void pending.then(
        (result) => runMetrics.stepEnded({ actionType, outcome: outcomeOf(result) }),
        (err: unknown) => runMetrics.stepEnded({ actionType, outcome: failureOutcomeOf(err) }),
      );
    }
    return pending;
  }
}

function outcomeOf(result: unknown): string {
  const outcome = (result as { outcome?: unknown } | undefined)?.outcome;
  return typeof outcome === 'string' && /^[a-z][a-z0-9-]{0,31}$/.test(outcome) ? outcome : 'other';
}

function failureOutcomeOf(err: unknown): string {
  if (isCancellation(err)) return 'cancelled';
  if (err instanceof ActivityFailure && err.cause instanceof TimeoutFailure) return 'timeout';
  return 'failure';
}

export const interceptors: WorkflowInterceptorsFactory = () =>
  workflowInfo().workflowType === WORKFLOW_TYPES.interpreter ? { inbound: [new RunMetricsInbound()], outbound: [new StepMetricsOutbound()] } : {};
