import { ApplicationFailure } from '@temporalio/common';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { defineSearchAttributeKey, SearchAttributeType, TypedSearchAttributes, type SearchAttributePair } from '@temporalio/common';
import {
  runWorkflowId,
  serviceQueueWorkflowId,
  SERVICE_QUEUE_MESSAGES,
  WORKFLOW_TYPES,
  type RunInput,
  type ServiceQueueInput,
} from '@signalbox/contracts';
import type { EnqueueRequest, LinkedRunRequest, LinkedRunResult } from '../activity.types';
import type { ActivitiesConfig } from '../config';
import type { SnapshotLoader } from '../ports';

export interface RunsDeps {
  temporal?: Client;
  snapshots?: SnapshotLoader;
  clock: () => Date;
  config: ActivitiesConfig;
}

const KEYS = {
  EventCode: defineSearchAttributeKey('EventCode', SearchAttributeType.KEYWORD),
  EventType: defineSearchAttributeKey('EventType', SearchAttributeType.KEYWORD),
  AccountId: defineSearchAttributeKey('AccountId', SearchAttributeType.KEYWORD),
  ServiceId: defineSearchAttributeKey('ServiceId', SearchAttributeType.KEYWORD),
  Msisdn: defineSearchAttributeKey('Msisdn', SearchAttributeType.KEYWORD),
  RunStatus: defineSearchAttributeKey('RunStatus', SearchAttributeType.KEYWORD),
  WorkflowVersion: defineSearchAttributeKey('WorkflowVersion', SearchAttributeType.INT),
  IsTest: defineSearchAttributeKey('IsTest', SearchAttributeType.BOOL),
};

/** The search attributes a run starts with (the API gives its runs the same). */
export function runSearchAttributes(input: RunInput, scheduled: boolean, indexPersonalKeys: boolean): TypedSearchAttributes {
  const pairs: SearchAttributePair[] = [
    { key: KEYS.EventCode, value: input.snapshot.eventCode },
    { key: KEYS.EventType, value: input.snapshot.eventType },
    { key: KEYS.WorkflowVersion, value: input.snapshot.version },
    { key: KEYS.IsTest, value: input.test },
    { key: KEYS.RunStatus, value: scheduled ? 'Scheduled' : 'Running' },
  ];
  if (input.subject.accountId) pairs.push({ key: KEYS.AccountId, value: input.subject.accountId });
  if (input.subject.serviceId) pairs.push({ key: KEYS.ServiceId, value: input.subject.serviceId });
  if (indexPersonalKeys && input.subject.msisdn) pairs.push({ key: KEYS.Msisdn, value: input.subject.msisdn });
  return new TypedSearchAttributes(pairs);
}

export function runsActivities(deps: RunsDeps) {
  function client(): Client {
    if (!deps.temporal) throw ApplicationFailure.nonRetryable('this worker was built without a Temporal client', 'Misconfigured');
    return deps.temporal;
  }

  /** Signal-with-start of the service's queue: at most one order in flight per service. */
  async function enqueueServiceOrder(req: EnqueueRequest): Promise<void> {
    await client().workflow.signalWithStart(WORKFLOW_TYPES.serviceQueue, {
      workflowId: serviceQueueWorkflowId(req.serviceKey),
      taskQueue: deps.config.taskQueue,
      args: [{ serviceKey: req.serviceKey } satisfies ServiceQueueInput],
      signal: SERVICE_QUEUE_MESSAGES.enqueue,
      signalArgs: [req.request],
    });
  }

  /** Starts the linked event code's published run (optionally delayed); a retry finds the same run. */
  async function startLinkedRun(req: LinkedRunRequest): Promise<LinkedRunResult> {
    if (!deps.snapshots) throw ApplicationFailure.nonRetryable('this worker cannot load published workflows (no snapshot loader)', 'Misconfigured');
    const snapshot = await deps.snapshots.load(req.eventCode);
    if (!snapshot) throw ApplicationFailure.nonRetryable(`event code ${req.eventCode} has no published workflow`, 'NotPublished');
    const input: RunInput = {
      snapshot,
      subject: req.subject,
      data: req.data,
      eventId: req.eventId,
      raisedAt: deps.clock().toISOString(),
      test: req.test,
      parentRunId: req.parentRunId,
      ...(req.failureNotify ? { failureNotify: req.failureNotify } : {}),
    };
    const workflowId = runWorkflowId(req.eventCode, req.eventId);
    try {
      await client().workflow.start(WORKFLOW_TYPES.interpreter, {
        workflowId,
        taskQueue: deps.config.taskQueue,
        args: [input],
        ...(req.delayMs > 0 ? { startDelay: req.delayMs } : {}),
        typedSearchAttributes: runSearchAttributes(input, req.delayMs > 0, deps.config.indexPersonalKeys ?? true),
        memo: { parentRunId: req.parentRunId },
        staticSummary: `${req.eventCode} for ${Object.values(req.subject)[0] ?? 'subject'}, v${snapshot.version} (linked from ${req.parentRunId})`,
      });
      return { workflowId, started: true };
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) return { workflowId, started: false };
      throw err;
    }
  }

  return { enqueueServiceOrder, startLinkedRun };
}
