import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Worker } from '@temporalio/worker';
import { inject } from 'vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { namedSignal, stateQuery, type RunState } from '@signalbox/contracts';
import type { GraphNode } from '@signalbox/domain';
import { waitFor } from '@signalbox/tools/wait';
import { end, graph, simulator, simulatorProvider, snapshot, start, startHarness, startRun, type Harness } from './harness';
import { finalRunState } from './run-result';

let h: Harness;
/** This file's own charging system at the simulator, so its counters are this file's alone. */
const OCS = `ocs-${randomUUID().slice(0, 8)}`;
let webhook: Server;
const notices: unknown[] = [];
const histories: { workflowId: string; history: Awaited<ReturnType<ReturnType<Harness['client']['workflow']['getHandle']>['fetchHistory']>> }[] = [];

beforeAll(async () => {
  h = await startHarness();
  webhook = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      notices.push(JSON.parse(body));
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => webhook.listen(0, '127.0.0.1', r));
  h.catalog.providers[OCS] = simulatorProvider(h.simulatorUrl, OCS);
  h.catalog.actionCodes['OCS_BAR'] = { code: 'OCS_BAR', actionType: 'credit-control', name: 'Bar', parameters: { provider: OCS, operation: 'bar', barType: 'full' } };
  h.catalog.templates['WELCOME'] = { code: 'WELCOME', name: 'Welcome', channel: 'sms', defaultLocale: 'en', variants: [{ locale: 'en', body: 'Hello {{ data.name }}, your number {{ subject.msisdn }} is ready.' }] };
});

afterAll(async () => {
  // Every run finished here replays on the bundle the worker ran (a nondeterministic step in
  // today's code shows up here; histories of older code are replayed in libs/workflows/test).
  const failures: string[] = [];
  for await (const result of Worker.runReplayHistories({ workflowBundle: { codePath: inject('bundlePath') } }, histories)) {
    if (result.error) failures.push(`${result.workflowId}: ${String(result.error)}`);
  }
  await h?.stop();
  await new Promise((r) => webhook?.close(r));
  expect(failures).toEqual([]);
});

async function finish(run: Awaited<ReturnType<typeof startRun>>): Promise<RunState> {
  const state = await finalRunState(run);
  histories.push({ workflowId: run.workflowId, history: await run.fetchHistory() });
  return state;
}

const node = (n: GraphNode) => n;

describe('interpreter', () => {
  it('decision: the first true branch wins, in order, else default', async () => {
    const g = graph(
      [
        start(),
        node({ id: 'd', kind: 'decision', branches: [{ id: 'big', condition: 'data.amount >= 20' }, { id: 'any', condition: 'data.amount > 0' }] }),
        end('e_big'),
        end('e_any'),
        end('e_none'),
      ],
      ['start:next->d', 'd:big->e_big', 'd:any->e_any', 'd:default->e_none'],
    );
    const snap = snapshot(h, 'DECIDE', g);
    expect((await finish(await startRun(h, snap, { data: { amount: 25 } }))).trail).toEqual(['start', 'd', 'e_big']);
    expect((await finish(await startRun(h, snap, { data: { amount: 5 } }))).trail).toEqual(['start', 'd', 'e_any']);
    expect((await finish(await startRun(h, snap, { data: { amount: 0 } }))).trail).toEqual(['start', 'd', 'e_none']);
  });

  it('wait: duration, computed date, and a named signal raced against its timeout', async () => {
    const g = graph(
      [
        start(),
        node({ id: 'w1', kind: 'wait', wait: { type: 'duration', duration: '300ms' } }),
        node({ id: 'w2', kind: 'wait', wait: { type: 'until', expression: '$millis() + 200' } }),
        node({ id: 'w3', kind: 'wait', wait: { type: 'signal', signal: 'porting-done', timeout: '1m' } }),
        node({ id: 'w4', kind: 'wait', wait: { type: 'signal', signal: 'never', timeout: '500ms' } }),
        end('ok'),
        end('late'),
      ],
      ['start:next->w1', 'w1:next->w2', 'w2:next->w3', 'w3:next->w4', 'w3:timeout->late', 'w4:next->ok', 'w4:timeout->late'],
    );
    const run = await startRun(h, snapshot(h, 'WAITS', g));
    await waitFor(async () => (await run.query(stateQuery)).nodes.w3?.status === 'in-progress', { message: 'the run to wait for porting-done' });
    expect((await run.query(stateQuery)).status).toBe('Waiting');
    await run.signal(namedSignal, { name: 'porting-done', payload: { ref: 'P1' } });
    const state = await finish(run);
    expect(state.trail).toEqual(['start', 'w1', 'w2', 'w3', 'w4', 'late']);
    expect(state.nodes.w3.output).toEqual({ signal: 'porting-done', payload: { ref: 'P1' } });
    expect(state.nodes.w4.status).toBe('timed-out');
    expect(Date.parse(state.nodes.w1.endedAt!) - Date.parse(state.nodes.w1.startedAt!)).toBeGreaterThanOrEqual(300);
  });

  it('parallel/join: branches run concurrently and the join waits for all of them', async () => {
    const g = graph(
      [
        start(),
        node({ id: 'p', kind: 'parallel' }),
        node({ id: 'slow', kind: 'wait', wait: { type: 'duration', duration: '600ms' } }),
        node({ id: 'fast', kind: 'wait', wait: { type: 'duration', duration: '100ms' } }),
        node({ id: 'j', kind: 'join' }),
        end('done'),
      ],
      ['start:next->p', 'p:next->slow', 'p:next->fast', 'slow:next->j', 'fast:next->j', 'j:next->done'],
    );
    const state = await finish(await startRun(h, snapshot(h, 'FORK', g)));
    // The join runs once, after the slower branch.
    expect(state.trail).toEqual(['start', 'p', 'slow', 'fast', 'j', 'done']);
    expect(Date.parse(state.nodes.j.startedAt!)).toBeGreaterThanOrEqual(Date.parse(state.nodes.slow.endedAt!));
    expect(state.result).toBe('completed');
  });

  it('schedule: a delayed node waits on a durable timer; communication renders and sends the SMS', async () => {
    const g = graph(
      [start(), node({ id: 'sms', kind: 'communication', template: 'WELCOME', schedule: { type: 'delay', duration: '400ms' } }), end('ok')],
      ['start:next->sms', 'sms:success->ok'],
    );
    const msisdn = `4477009${String(Date.now()).slice(-5)}`;
    const state = await finish(await startRun(h, snapshot(h, 'WELCOME_SMS', g), { subject: { msisdn }, data: { name: 'Ada' } }));
    expect(state.trail).toEqual(['start', 'sms', 'ok']);
    expect(Date.parse(state.nodes.sms.endedAt!) - Date.parse(state.nodes.sms.startedAt!)).toBeGreaterThanOrEqual(400);
    const messages = (await simulator(`/control/messages?to=${msisdn}`)) as { items: { text: string }[] };
    expect(messages.items.map((m) => m.text)).toEqual([`Hello Ada, your number ${msisdn} is ready.`]);
  });

  it('action types beyond provisioning run their activity (credit-control at the OCS)', async () => {
    const g = graph([start(), node({ id: 'bar', kind: 'action', actionCode: 'OCS_BAR', inputs: {} }), end('ok'), end('bad', 'failed')], ['start:next->bar', 'bar:success->ok', 'bar:failure->bad']);
    const state = await finish(await startRun(h, snapshot(h, 'BAR', g), { subject: { msisdn: '447700900777' } }));
    expect(state.trail).toEqual(['start', 'bar', 'ok']);
    expect(state.nodes.bar).toMatchObject({ outcome: 'success', status: 'completed', output: { status: 'COMPLETED' } });
    const stats = (await simulator(`/control/providers/${OCS}`)) as { stats: { received: number; completed: number; duplicates: number } };
    expect(stats.stats).toMatchObject({ received: 1, completed: 1, duplicates: 0 });
  });

  it('end failed: the run fails, RunStatus says so, and ops are notified', async () => {
    const g = graph([start(), node({ id: 'stop', kind: 'end', result: 'failed', reason: 'customer unknown' })], ['start:next->stop']);
    const url = `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/hook`;
    const run = await startRun(h, snapshot(h, 'FAILS', g), { failureNotify: url });
    const state = await finish(run);
    expect(state).toMatchObject({ result: 'failed', reason: 'customer unknown', status: 'Failed' });
    expect(notices).toContainEqual(expect.objectContaining({ type: 'run.failed', workflowId: run.workflowId, reason: 'customer unknown' }));
    const described = await run.describe();
    expect(described.searchAttributes.RunStatus).toEqual(['Failed']);
  });

  it('link-event: starts the linked event code’s published run, which points back at its parent', async () => {
    h.catalog.published['LINKED_CHILD'] = snapshot(h, 'LINKED_CHILD', graph([start(), end('ok')], ['start:next->ok']));
    const g = graph([start(), node({ id: 'link', kind: 'link-event', eventCode: 'LINKED_CHILD', delay: '200ms' }), end('ok')], ['start:next->link', 'link:next->ok']);
    const run = await startRun(h, snapshot(h, 'LINKER', g));
    const state = await finish(run);
    const linked = state.nodes.link.output as { workflowId: string; started: boolean };
    expect(linked.started).toBe(true);
    const child = h.client.workflow.getHandle(linked.workflowId);
    const childState = (await finalRunState(child)) as RunState;
    expect(childState.result).toBe('completed');
    expect((await child.describe()).memo).toMatchObject({ parentRunId: run.workflowId });
  });

});
