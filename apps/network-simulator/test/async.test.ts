import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../src/simulator';
import { type CallbackTarget, configure, eventually, order, request, sendOrder, startCallbackTarget, startTestSimulator } from './helpers';

let sim: RunningSimulator;
let target: CallbackTarget;
beforeAll(async () => {
  sim = await startTestSimulator({ callbacks: { attempts: 3, baseDelayMs: 20, headers: { authorization: 'Bearer sbx_agent_key' } } });
});
afterAll(async () => {
  await sim.stop();
});
beforeEach(async () => {
  await request(`${sim.url}/control/reset`, { method: 'POST' });
  target = await startCallbackTarget();
  await configure(sim, 'ocs', { mode: 'async', callbackDelayMs: 10 });
});
afterEach(async () => {
  await target.close();
});

const callbackUrl = (id: string) => `${target.url}/api/service-orders/${id}/response`;

describe('async mode', () => {
  it('answers 202 and posts the result to callbackUrl', async () => {
    const activate = order({ serviceOrderId: 'so-async-1', callbackUrl: callbackUrl('so-async-1') });
    const response = await sendOrder(sim, 'ocs', activate);
    expect(response.status).toBe(202);
    expect(response.body).toMatchObject({ accepted: true });
    const callback = await eventually(async () => target.received[0], 'the callback');
    expect(callback.path).toBe('/api/service-orders/so-async-1/response');
    expect(callback.headers.authorization).toBe('Bearer sbx_agent_key');
    expect(callback.body).toMatchObject({ serviceOrderId: 'so-async-1', status: 'COMPLETED', state: { status: 'active' } });
  });

  it('sends FAILED results through the callback too', async () => {
    const suspend = order({ action: 'S', subject: { msisdn: '31600000009' }, callbackUrl: callbackUrl('x') });
    expect((await sendOrder(sim, 'ocs', suspend)).status).toBe(202);
    const callback = await eventually(async () => target.received[0], 'the callback');
    expect(callback.body).toMatchObject({ status: 'FAILED', message: expect.stringContaining('cannot suspend') });
  });

  it('answers a repeat with 202 again without a second callback', async () => {
    const activate = order({ callbackUrl: callbackUrl('dup') });
    await sendOrder(sim, 'ocs', activate);
    await eventually(async () => target.received[0], 'the callback');
    const again = await sendOrder(sim, 'ocs', activate);
    expect(again.status).toBe(202);
    const [record] = (await request(`${sim.url}/control/requests?provider=ocs`)).body.items;
    expect(record.callbacks).toHaveLength(1);
    expect(target.received).toHaveLength(1);
    expect((await request(`${sim.url}/control/stats`)).body.providers.ocs).toMatchObject({ duplicates: 1, callbacksDelivered: 1 });
  });

  it('retries a callback while the target refuses, recording every attempt', async () => {
    target.refuseNext = 2;
    await sendOrder(sim, 'ocs', order({ callbackUrl: callbackUrl('retry') }));
    await eventually(async () => target.received[0], 'the callback after retries');
    const callbacks = (await request(`${sim.url}/control/callbacks?provider=ocs`)).body.items;
    expect(callbacks.map((c: { status: number; delivered: boolean }) => [c.status, c.delivered])).toEqual([
      [503, false],
      [503, false],
      [202, true],
    ]);
  });

  it('gives up after the last attempt when the target is unreachable', async () => {
    await target.close();
    await sendOrder(sim, 'ocs', order({ callbackUrl: callbackUrl('gone') }));
    const stats = await eventually(async () => {
      const s = (await request(`${sim.url}/control/stats`)).body.providers.ocs;
      return s.callbacksFailed === 1 ? s : undefined;
    }, 'the callback to be given up');
    expect(stats.callbacksDelivered).toBe(0);
    const callbacks = (await request(`${sim.url}/control/callbacks`)).body.items;
    expect(callbacks).toHaveLength(3);
    expect(callbacks[0].error).toBe('ECONNREFUSED');
  });

  it('requires a callbackUrl in async mode', async () => {
    const response = await sendOrder(sim, 'ocs', order());
    expect(response.status).toBe(400);
    expect(response.body.problems).toEqual([{ path: 'callbackUrl', message: expect.stringContaining('is required') }]);
    const notUrl = await sendOrder(sim, 'ocs', order({ callbackUrl: 'somewhere' }));
    expect(notUrl.body.problems).toEqual([{ path: 'callbackUrl', message: 'must be an http(s) URL' }]);
  });
});
