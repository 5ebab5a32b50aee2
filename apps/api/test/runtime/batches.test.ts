import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchScheduleId } from '@signalbox/contracts';
import { assertBuilt, eventually, startRuntimeStack, type RuntimeStack } from './runtime-stack';

// Batch runs against the real stack: a CSV batch validated line by line, a Temporal Schedule per
// definition (pause, resume, trigger, delete), and a run log whose counts match the runs started.

describe('batch runs on schedules', () => {
  let stack: RuntimeStack;
  let temporal: Client;
  let connection: Connection;
  let eventCode: string;

  beforeAll(async () => {
    assertBuilt();
    stack = await startRuntimeStack();
    connection = await Connection.connect({ address: stack.temporal.address });
    temporal = new Client({ connection, namespace: stack.temporal.namespace });
    // A workflow of no steps: the batch machinery is under test, not provisioning.
    eventCode = `BATCH_${randomBytes(3).toString('hex').toUpperCase()}`;
    expect((await stack.api('POST', '/api/event-codes', { code: eventCode, eventType: 'PROVISIONING', name: 'Batch (test)', requiredSubjectKeys: ['msisdn'] })).status).toBe(201);
    const graph = { nodes: [{ id: 'start', kind: 'start' }, { id: 'end', kind: 'end' }], edges: [{ id: 'e1', source: 'start', sourceHandle: 'next', target: 'end' }] };
    expect((await stack.api('PUT', `/api/workflows/${eventCode}/draft`, { graph })).status).toBe(200);
    const published = await stack.api('POST', `/api/workflows/${eventCode}/publish`, {});
    expect(published.status, JSON.stringify(published.body)).toBe(201);
  }, 240_000);

  afterAll(async () => {
    await connection?.close();
    await stack?.stop();
  });

  const csvOf = (count: number, bad: Record<number, string> = {}) =>
    ['msisdn,accountId,data.tariff', ...Array.from({ length: count }, (_, i) => bad[i + 2] ?? `44770${String(i).padStart(7, '0')},ACC-${i},gold`)].join('\n');
  const scheduleExists = () =>
    temporal.schedule
      .getHandle(batchScheduleId(code))
      .describe()
      .then(
        () => true,
        () => false,
      );
  let code = '';

  it('a CSV with bad lines is refused naming each line, and nothing is created — unless told to skip them', async () => {
    code = `csv-${randomBytes(3).toString('hex')}`;
    const csv = csvOf(5, { 3: 'not-a-number,ACC-x,gold', 5: '447700900005,ACC-5' });
    const refused = await stack.api('POST', '/api/batches', { code, eventCode, csv, schedule: { kind: 'cron', cron: '0 2 * * *', timeZone: 'Europe/London' } });
    expect(refused.status, JSON.stringify(refused.body)).toBe(422);
    expect(refused.body.problems.map((p: { path: string }) => p.path)).toEqual(['csv.line 3', 'csv.line 5']);
    expect((await stack.api('GET', `/api/batches/${code}`)).status).toBe(404);
    expect(await scheduleExists()).toBe(false);

    const skipped = await stack.api('POST', '/api/batches', { code, eventCode, csv, skipBadLines: true, paused: true, schedule: { kind: 'cron', cron: '0 2 * * *', timeZone: 'Europe/London' } });
    expect(skipped.status, JSON.stringify(skipped.body)).toBe(201);
    expect(skipped.body).toMatchObject({ code, source: { kind: 'csv', lines: 3, skipped: 2 }, skipped: { badLines: 2 }, schedule: { paused: true } });
    expect(skipped.body.schedule.nextActionTimes.length).toBeGreaterThan(0);
    expect(await scheduleExists()).toBe(true);
  });

  it('a cron Temporal cannot parse, an unknown time zone and an unpublished event code are 422 and start nothing', async () => {
    const other = `bad-${randomBytes(3).toString('hex')}`;
    const base = { code: other, eventCode, csv: csvOf(1) };
    const cron = await stack.api('POST', '/api/batches', { ...base, schedule: { kind: 'cron', cron: '0 25 * * *' } });
    expect(cron.status, `${JSON.stringify(cron.body)}\n${stack.logs()}`).toBe(422);
    expect(cron.body.problems[0].path).toBe('schedule.cron');
    const zone = await stack.api('POST', '/api/batches', { ...base, schedule: { kind: 'cron', cron: '0 2 * * *', timeZone: 'Mars/Olympus' } });
    expect(zone.status).toBe(422);
    expect(zone.body.problems[0].path).toBe('schedule.timeZone');
    const unpublished = await stack.api('POST', '/api/batches', { ...base, eventCode: 'NO_SUCH_CODE', schedule: { kind: 'once' } });
    expect(unpublished.status).toBe(422);
    expect((await stack.api('GET', `/api/batches/${other}`)).status).toBe(404);
    const orphan = await temporal.schedule
      .getHandle(batchScheduleId(other))
      .describe()
      .then(
        () => true,
        () => false,
      );
    expect(orphan).toBe(false);
  });

  it('pause, resume, trigger: an execution pages through its subjects (continuing as new), one run each, and its log says so; delete removes the schedule', async () => {
    const big = `big-${randomBytes(3).toString('hex')}`;
    // 30 pages of 2: past the 25 pages after which an execution continues as new.
    const created = await stack.api('POST', '/api/batches', { code: big, eventCode, csv: csvOf(60), paused: true, paging: { pageSize: 2, startsPerSecond: 50 }, schedule: { kind: 'interval', every: '1d' } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect((await stack.api('POST', `/api/batches/${big}/resume`)).body.schedule.paused).toBe(false);
    expect((await stack.api('POST', `/api/batches/${big}/pause`)).body.schedule.paused).toBe(true);
    expect((await stack.api('POST', `/api/batches/${big}/trigger`)).status).toBe(202);

    const log = await eventually('the execution to finish', async () => {
      const res = await stack.api('GET', `/api/batches/${big}/executions`);
      const [execution] = res.body.items;
      if (execution?.status === 'failed') throw new Error(`the execution failed: ${JSON.stringify(execution)}\n${stack.logs()}`);
      return execution?.status === 'done' ? execution : undefined;
    }, 240_000).catch(async (err: Error) => {
      const res = await stack.api('GET', `/api/batches/${big}/executions`);
      throw new Error(`${err.message}\nrun log: ${JSON.stringify(res.body)}\n${stack.logs()}`);
    });
    expect(log).toMatchObject({ batchCode: big, eventCode, subjects: 60, started: 60, duplicates: 0, error: null });
    const runs = await eventually('every run to be counted completed', async () => {
      const [execution] = (await stack.api('GET', `/api/batches/${big}/executions`)).body.items;
      return execution.runs?.completed === 60 ? execution.runs : undefined;
    }, 240_000);
    expect(runs).toEqual({ completed: 60, failed: 0, incidents: 0, open: 0 });
    // The execution continued as new once: one workflow id, two runs in Temporal, one run log entry.
    // Visibility is eventually consistent: the last run may still be listed RUNNING for a moment after it closed.
    const chain = await eventually('the execution to be listed closed in Temporal', async () => {
      const statuses: string[] = [];
      for await (const w of temporal.workflow.list({ query: `WorkflowId = '${log.workflowId}'` })) statuses.push(w.status.name);
      return statuses.includes('RUNNING') ? undefined : statuses;
    });
    expect(chain.sort()).toEqual(['COMPLETED', 'CONTINUED_AS_NEW']);
    // One run per subject, keyed by the execution and the line: line 2 is the first subject.
    const first = await stack.api('GET', `/api/runs/${encodeURIComponent(`run:${eventCode}:batch-${log.id}-2`)}`);
    expect(first.status).toBe(200);
    expect(first.body.subject).toMatchObject({ msisdn: '447700000000', accountId: 'ACC-0' });

    const audit = await stack.api('GET', `/api/audit?kind=batch&code=${big}`);
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(['trigger', 'pause', 'resume', 'create']);
    expect((await stack.api('DELETE', `/api/batches/${big}`)).status).toBe(204);
    expect((await stack.api('GET', `/api/batches/${big}`)).status).toBe(404);
    const gone = await temporal.schedule
      .getHandle(batchScheduleId(big))
      .describe()
      .then(
        () => false,
        () => true,
      );
    expect(gone).toBe(true);
  }, 600_000);

  it('viewers may read batches but not create or trigger them', async () => {
    const viewer = await stack.api('POST', '/api/keys', { name: 'batch viewer', role: 'viewer' });
    expect((await stack.api('GET', '/api/batches', undefined, viewer.body.key)).status).toBe(200);
    expect((await stack.api('POST', '/api/batches', { code: 'nope-x', eventCode, csv: csvOf(1), schedule: { kind: 'once' } }, viewer.body.key)).status).toBe(403);
    expect((await stack.api('POST', `/api/batches/${code}/trigger`, undefined, viewer.body.key)).status).toBe(403);
  });
});
