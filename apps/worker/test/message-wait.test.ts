import { WorkflowUpdateFailedError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageUpdate, stateQuery } from '@signalbox/contracts';
import type { GraphNode } from '@signalbox/domain';
import { MessageStore } from '@signalbox/persistence';
import { waitFor } from '@signalbox/tools/wait';
import { end, graph, snapshot, start, startHarness, startRun, type Harness } from './harness';
import { finalRunState } from './run-result';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.stop();
});

const node = (n: GraphNode) => n;
const messageWait = (timeout: string, correlateBy: ('msisdn' | 'serviceId' | 'externalOrderNumber')[] = ['msisdn']) =>
  graph(
    [start(), node({ id: 'w', kind: 'wait', wait: { type: 'message', message: 'activated', correlateBy, timeout } }), end('ok'), end('late', 'failed')],
    ['start:next->w', 'w:next->ok', 'w:timeout->late'],
  );

describe('message wait', () => {
  it('takes a message once, refuses other keys and repeats, and times out when none comes', async () => {
    const subject = { msisdn: '447700900401' };
    const run = await startRun(h, snapshot(h, 'MSG_ONCE', messageWait('1m')), { subject });
    await waitFor(async () => ((await run.query(stateQuery)).nodes.w?.input as { registered?: boolean } | undefined)?.registered, { message: 'the wait to be registered' });
    const message = (messageId: string, msisdn: string) => ({ messageId, name: 'activated', correlationKeys: { msisdn }, payload: { id: messageId } });

    // Another MSISDN, another name: refused by the run's validator.
    await expect(run.executeUpdate(messageUpdate, { args: [message('m-other', '447700900499')] })).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    await expect(run.executeUpdate(messageUpdate, { args: [{ ...message('m-name', subject.msisdn), name: 'ported' }] })).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    await expect(run.executeUpdate(messageUpdate, { args: [message('m-1', subject.msisdn)] })).resolves.toEqual({ accepted: true });
    const state = await finalRunState(run);
    expect(state.trail).toEqual(['start', 'w', 'ok']);
    expect(state.nodes.w.output).toMatchObject({ messageId: 'm-1', payload: { id: 'm-1' } });
    await expect(run.executeUpdate(messageUpdate, { args: [message('m-1', subject.msisdn)] })).rejects.toThrow();

    const late = await finalRunState(await startRun(h, snapshot(h, 'MSG_LATE', messageWait('300ms')), { subject: { msisdn: '447700900402' } }));
    expect(late.trail).toEqual(['start', 'w', 'late']);
    expect(late.nodes.w.status).toBe('timed-out');
  });

  it('correlates by the external order number from the run data, and fails a run that has no value for a key', async () => {
    const store = new MessageStore(h.dataSource);
    await store.publish({ name: 'activated', correlationKeys: { externalOrderNumber: 'ORD-404' }, payload: { ok: true }, ttlSeconds: 600 });
    const byOrder = await finalRunState(await startRun(h, snapshot(h, 'MSG_ORDER', messageWait('1m', ['externalOrderNumber'])), { data: { externalOrderNumber: 'ORD-404' } }));
    expect(byOrder.nodes.w).toMatchObject({ status: 'completed', output: { payload: { ok: true } } });

    const missing = await finalRunState(await startRun(h, snapshot(h, 'MSG_NOKEY', messageWait('1m', ['serviceId'])), { subject: { msisdn: '447700900403' } }));
    expect(missing.result).toBe('failed');
    expect(missing.nodes.w.error).toContain('this run has no subject.serviceId');
  });
});
