// The intake outbox across a crash (issue 9): a batch accepted by an API process that is killed
// (SIGKILL) before it could start the runs loses nothing — the next API process on the database
// starts them. The first process cannot reach Temporal at all, so only the next one can have
// started the runs; no worker is needed: a started run is a workflow execution in Temporal.
import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startTemporal } from '@signalbox/tools/infra';
import { startApi, type RunningApi } from './support/api-process';
import { client } from './support/client';
import { eventually } from './runtime/runtime-stack';

describe('intake outbox: an API killed after accepting and before starting', () => {
  let temporal: Awaited<ReturnType<typeof startTemporal>>;
  let connection: Connection;
  let first: RunningApi | undefined;
  let next: RunningApi | undefined;
  const taskQueue = `intake-crash-${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    temporal = await startTemporal();
    connection = await Connection.connect({ address: temporal.address });
  }, 240_000);

  afterAll(async () => {
    await next?.stop();
    // Dropped last: the database is the first process's, shared with the next one.
    await first?.stop();
    await connection?.close();
    await temporal?.stop();
  });

  it('leaves the accepted runs to the next API process, which starts each once', async () => {
    // Nothing listens on this port: the first API accepts, then fails every start.
    first = await startApi({ env: { SIGNALBOX_DEMO_CATALOG: 'auto', TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}`, TEMPORAL_TASK_QUEUE: taskQueue } });
    const onFirst = client(first.url, first.adminKey);
    const tag = randomBytes(4).toString('hex');
    const events = Array.from({ length: 5 }, (_, i) => ({ eventCode: 'TOP_UP', subject: { msisdn: `4477009${String(i).padStart(5, '0')}`, accountId: `CRASH-${tag}-${i}` }, data: { amount: 10 }, idempotencyKey: `crash-${tag}-${i}` }));
    const accepted = await onFirst.post('/events/batch', { events });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(202);
    const runs = (accepted.body.results as { runs: { runId: string; status: string }[] }[]).flatMap((r) => r.runs);
    expect(runs.map((r) => r.runId)).toEqual(events.map((e) => `run:TOP_UP:${e.idempotencyKey}`));
    expect(runs.every((r) => r.status === 'queued')).toBe(true);

    // The first process has tried to start them and failed: they wait, with the reason.
    const status = (api: RunningApi, runId: string) => client(api.url, api.adminKey).get(`/events/intake/${encodeURIComponent(runId)}`);
    const waiting = await eventually('the first API to have tried and failed', async () => {
      const views = await Promise.all(runs.map(async (r) => (await status(first!, r.runId)).body));
      return views.some((v) => v.attempts >= 1) ? views : undefined;
    });
    for (const view of waiting) expect(view).toMatchObject({ status: 'queued', eventCode: 'TOP_UP', startedAt: null });
    expect(waiting.find((v) => v.attempts >= 1).error).toMatch(/did not accept the start/);

    await first.kill('SIGKILL');

    next = await startApi({
      databaseUrl: first.databaseUrl,
      env: { SIGNALBOX_SECRET_KEY: first.secretKey, SIGNALBOX_DEMO_CATALOG: 'auto', TEMPORAL_ADDRESS: temporal.address, TEMPORAL_NAMESPACE: temporal.namespace, TEMPORAL_TASK_QUEUE: taskQueue },
    });
    const started = await eventually(
      'the next API to start every accepted run',
      async () => {
        const views = await Promise.all(runs.map(async (r) => (await status(next!, r.runId)).body));
        return views.every((v) => v.status === 'started') ? views : undefined;
      },
      120_000,
    );
    expect(started.map((v) => v.runId)).toEqual(runs.map((r) => r.runId));

    const temporalClient = new Client({ connection, namespace: temporal.namespace });
    for (const run of runs) {
      const description = await temporalClient.workflow.getHandle(run.runId).describe();
      expect(description.type).toBe('interpreterWorkflow');
      expect(description.taskQueue).toBe(taskQueue);
    }
    // Exactly one execution per accepted run.
    const listed = await eventually('the runs in visibility', async () => {
      const ids: string[] = [];
      for await (const execution of temporalClient.workflow.list({ query: `TaskQueue = '${taskQueue}'` })) ids.push(execution.workflowId);
      return ids.length >= runs.length ? ids : undefined;
    });
    expect(listed.sort()).toEqual(runs.map((r) => r.runId).sort());

    // The same keys again, as a batch and as a single raise: the same runs, nothing new.
    const onNext = client(next.url, next.adminKey);
    const again = await onNext.post('/events/batch', { events });
    expect(again.status).toBe(202);
    expect((again.body.results as { runs: { runId: string; status: string }[] }[]).flatMap((r) => r.runs)).toEqual(runs.map((r) => ({ runId: r.runId, eventCode: 'TOP_UP', status: 'duplicate' })));
    const single = await onNext.post('/events', events[0]);
    expect(single.status, JSON.stringify(single.body)).toBe(202);
    expect(single.body.runs).toEqual([{ runId: runs[0].runId, eventCode: 'TOP_UP', started: false }]);

    for (const run of runs) await temporalClient.workflow.getHandle(run.runId).terminate('test done');
  });
});
