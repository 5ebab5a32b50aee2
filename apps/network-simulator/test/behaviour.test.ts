import { describe, expect, it } from 'vitest';
import { configure, eventually, order, request, sendOrder, useSimulator } from './helpers';

const sim = useSimulator();

const stats = async (provider: string) => (await request(`${sim.url}/control/stats`)).body.providers[provider];

/** Sends an order in the background and resolves once the simulator has recorded it as waiting. */
async function sendHanging(provider: string) {
  const pending = sendOrder(sim, provider, order());
  await eventually(async () => {
    const items = (await request(`${sim.url}/control/requests?provider=${provider}`)).body.items;
    return items.find((r: { status?: number }) => r.status === undefined);
  }, 'the hung request to be recorded');
  // Wrapped: returning the promise itself from an async function would wait for it.
  return { pending };
}

describe('behaviour control', () => {
  it('gives unknown providers the defaults and merges a PUT onto the current behaviour', async () => {
    const initial = await request(`${sim.url}/control/providers/anything`);
    expect(initial.status).toBe(200);
    expect(initial.body.behaviour).toMatchObject({ mode: 'sync', latencyMs: 0, failRate: 0, down: false, hang: false, auth: { type: 'none' } });
    await configure(sim, 'anything', { latencyMs: 5 });
    const updated = await configure(sim, 'anything', { mode: 'async', callbackDelayMs: 10 });
    expect(updated.behaviour).toMatchObject({ mode: 'async', latencyMs: 5, callbackDelayMs: 10 });
    expect((await request(`${sim.url}/control/providers`)).body.items.map((p: { provider: string }) => p.provider)).toEqual(['anything']);
  });

  it('refuses a bad behaviour with problems', async () => {
    const response = await request(`${sim.url}/control/providers/p1`, {
      method: 'PUT',
      body: { mode: 'later', failRate: 2, colour: 'red', auth: { type: 'basic' } },
    });
    expect(response.status).toBe(400);
    expect(response.body.problems).toEqual(
      expect.arrayContaining([
        { path: 'mode', message: expect.stringContaining('expected one of') },
        { path: 'failRate', message: expect.stringContaining('<=1') },
        { path: 'colour', message: 'unknown field "colour"' },
        { path: 'auth.username', message: 'is required' },
      ]),
    );
    expect((await request(`${sim.url}/control/providers/p1`)).body.behaviour.mode).toBe('sync');
  });

  it('fails the next N orders with failNext', async () => {
    await configure(sim, 'p1', { failNext: 2 });
    const answers = [];
    for (const serviceOrderId of ['a', 'b', 'c']) answers.push((await sendOrder(sim, 'p1', order({ serviceOrderId, action: 'I' }))).body);
    expect(answers.map((a) => a.status)).toEqual(['FAILED', 'FAILED', 'COMPLETED']);
    expect(answers[0].message).toBe('injected failure (failNext)');
    expect(await stats('p1')).toMatchObject({ failed: 2, completed: 1 });
  });

  it('fails a deterministic share of orders with failRate and a seed', async () => {
    const run = async (provider: string) => {
      await configure(sim, provider, { failRate: 0.5, seed: 42 });
      const statuses: string[] = [];
      for (let i = 0; i < 20; i++) statuses.push((await sendOrder(sim, provider, order({ serviceOrderId: `o${i}`, action: 'I' }))).body.status);
      return statuses;
    };
    const first = await run('p1');
    const second = await run('p2');
    expect(second).toEqual(first);
    expect(first).toContain('FAILED');
    expect(first).toContain('COMPLETED');
    await configure(sim, 'p3', { failRate: 1 });
    expect((await sendOrder(sim, 'p3', order({ action: 'I' }))).body.message).toBe('injected failure (failRate)');
  });

  it('answers HTTP 500 to the next N orders with errorNext, without applying them, so a retry succeeds', async () => {
    await configure(sim, 'p1', { errorNext: 1 });
    const activate = order();
    const failed = await sendOrder(sim, 'p1', activate);
    expect(failed.status).toBe(500);
    expect(failed.body).toMatchObject({ statusCode: 500, message: 'injected error (errorNext)' });
    const retried = await sendOrder(sim, 'p1', activate);
    expect(retried.status).toBe(200);
    expect(retried.body.status).toBe('COMPLETED');
    expect(await stats('p1')).toMatchObject({ received: 2, duplicates: 0, completed: 1, rejected: 1 });
  });

  it('answers 503 while down', async () => {
    await configure(sim, 'p1', { down: true });
    const response = await sendOrder(sim, 'p1', order());
    expect(response.status).toBe(503);
    expect(response.body.message).toContain('down');
    await configure(sim, 'p1', { down: false });
    expect((await sendOrder(sim, 'p1', order())).status).toBe(200);
  });

  it('holds requests while hanging until a reset releases them', async () => {
    await configure(sim, 'p1', { hang: true });
    const { pending } = await sendHanging('p1');
    const reset = await request(`${sim.url}/control/reset`, { method: 'POST' });
    expect(reset.body).toEqual({ reset: true });
    const released = await pending;
    expect(released.status).toBe(503);
    expect((await request(`${sim.url}/control/providers/p1`)).body.behaviour.hang).toBe(false);
    expect((await sendOrder(sim, 'p1', order())).status).toBe(200);
  });

  it('hangs only the next N orders with hangNext', async () => {
    await configure(sim, 'p1', { hangNext: 1 });
    const { pending } = await sendHanging('p1');
    expect((await sendOrder(sim, 'p1', order({ serviceOrderId: 'after' }))).status).toBe(200);
    await request(`${sim.url}/control/reset`, { method: 'POST' });
    expect((await pending).status).toBe(503);
  });

  it('reset clears subscribers, the log, stats and messages', async () => {
    await sendOrder(sim, 'p1', order());
    await request(`${sim.url}/providers/sms/messages`, { body: { messageId: 'm1', channel: 'sms', to: '316', body: 'hi' } });
    await request(`${sim.url}/control/reset`, { method: 'POST' });
    expect((await request(`${sim.url}/control/subscribers`)).body.items).toEqual([]);
    expect((await request(`${sim.url}/control/requests`)).body.items).toEqual([]);
    expect((await request(`${sim.url}/control/messages`)).body.items).toEqual([]);
    expect((await request(`${sim.url}/control/stats`)).body.providers).toEqual({});
    // The same order id is new again after a reset.
    expect((await sendOrder(sim, 'p1', order())).body.status).toBe('COMPLETED');
  });
});
