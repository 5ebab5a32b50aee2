import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORKFLOW_TYPES } from '@signalbox/contracts';
import { assertBuilt, eventually, startRuntimeStack, type RuntimeStack } from './runtime-stack';

// Issue 16: a run whose workflow task fails on every attempt never runs the code that handles a
// cancel. Through the real API and worker: cancel answers as usual, and after the grace period the
// API terminates the run, recording why.

describe('cancelling a run whose workflow task keeps failing', () => {
  let stack: RuntimeStack;
  let connection: Connection;
  let temporal: Client;

  beforeAll(async () => {
    assertBuilt();
    stack = await startRuntimeStack({ apiEnv: { SIGNALBOX_CANCEL_GRACE_MS: '500', LOG_LEVEL: 'debug' } });
    connection = await Connection.connect({ address: stack.temporal.address });
    temporal = new Client({ connection, namespace: stack.temporal.namespace });
  }, 240_000);

  afterAll(async () => {
    await connection?.close();
    await stack?.stop();
  });

  it('terminates it after the grace period, with the reason in its history', async () => {
    // A run input without its snapshot: the interpreter throws a TypeError before its first step,
    // which fails the workflow task (not the run), so Temporal retries it for ever.
    const runId = `run:STUCK:${randomBytes(4).toString('hex')}`;
    const handle = await temporal.workflow.start(WORKFLOW_TYPES.interpreter, {
      workflowId: runId,
      taskQueue: stack.taskQueue,
      args: [{ subject: {}, data: {}, eventId: runId, raisedAt: new Date().toISOString(), test: true }],
    });
    await eventually('the workflow task to fail again', async () => {
      const { raw } = await handle.describe();
      return (raw.pendingWorkflowTask?.attempt ?? 0) > 1 ? true : undefined;
    });

    const cancelled = await stack.api('POST', `/api/runs/${encodeURIComponent(runId)}/cancel`);
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(202);
    expect(cancelled.body).toEqual({ runId, cancelRequested: true });

    const status = await eventually('the run to be terminated', async () => {
      const { status } = await handle.describe();
      return status.name === 'RUNNING' ? undefined : status.name;
    }, 60_000);
    expect(status).toBe('TERMINATED');
    const history = await handle.fetchHistory();
    const terminated = history.events?.find((e) => e.workflowExecutionTerminatedEventAttributes)?.workflowExecutionTerminatedEventAttributes;
    expect(terminated?.reason).toMatch(/^cancel requested by .+; workflow task failing \(attempt \d+\), so the run was terminated$/);
    expect(history.events?.some((e) => e.workflowExecutionCancelRequestedEventAttributes)).toBe(true);
  });

  it('keeps checking a run that was not failing yet at the grace period, and terminates it once it fails', async () => {
    // On a task queue no worker polls yet: at the first check its workflow task is only scheduled
    // (attempt 1), so the run is left to handle the cancel itself.
    const queue = `${stack.taskQueue}-late`;
    const runId = `run:LATE:${randomBytes(4).toString('hex')}`;
    const handle = await temporal.workflow.start(WORKFLOW_TYPES.interpreter, {
      workflowId: runId,
      taskQueue: queue,
      args: [{ subject: {}, data: {}, eventId: runId, raisedAt: new Date().toISOString(), test: true }],
    });
    const cancelled = await stack.api('POST', `/api/runs/${encodeURIComponent(runId)}/cancel`);
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(202);
    // The first check (debug log) finds it open and not failing: the old single check stopped here.
    await eventually('the first check of the cancelled run', async () => (stack.logs().includes(`cancelled run ${runId} is still open`) ? true : undefined));
    expect((await handle.describe()).status.name).toBe('RUNNING');

    // A worker arrives; the run's task fails on every attempt from now on.
    await stack.startWorker(queue);
    const status = await eventually('the run to be terminated', async () => {
      const { status } = await handle.describe();
      return status.name === 'RUNNING' ? undefined : status.name;
    }, 90_000);
    expect(status).toBe('TERMINATED');
    const history = await handle.fetchHistory();
    const terminated = history.events?.find((e) => e.workflowExecutionTerminatedEventAttributes)?.workflowExecutionTerminatedEventAttributes;
    expect(terminated?.reason).toMatch(/^cancel requested by .+; workflow task failing \(attempt \d+\), so the run was terminated$/);
  });
});
