import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { giveSimulatorAgentKey } from '@signalbox/tools/simulator-key';
import { assertBuilt, eventually, oneActionGraph, startRuntimeStack, type RuntimeStack } from './runtime-stack';

// Issue 16: `npm start` hands the simulator an agent key scoped to the providers it stands in for,
// never the admin key. The launcher's own function, against the real API and simulator.
describe("the dev stack's simulator key", () => {
  let stack: RuntimeStack;
  let dataDir: string;

  beforeAll(async () => {
    assertBuilt();
    stack = await startRuntimeStack();
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'signalbox-simulator-key-'));
  }, 240_000);

  afterAll(async () => {
    await stack?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('is an agent key for exactly the simulated providers, kept across starts, and the callbacks it signs complete runs', async () => {
    const options = { apiUrl: stack.apiUrl, simulatorUrl: stack.simulatorUrl, adminKey: stack.adminKey, dataDir };
    const providers = await giveSimulatorAgentKey(options);
    // The demo catalog's providers whose endpoints are on the simulator, and only those.
    const listed = (await stack.api('GET', '/api/providers?pageSize=200')).body.items as { code: string; endpoints?: string[] }[];
    const simulated = listed.filter((p) => (p.endpoints ?? []).some((u) => u.startsWith(stack.simulatorUrl))).map((p) => p.code).sort();
    expect(simulated.length).toBeGreaterThan(0);
    expect(providers).toEqual(simulated);

    const file = path.join(dataDir, 'simulator-agent.key');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const key = (await readFile(file, 'utf8')).trim();
    expect(key).not.toBe(stack.adminKey);
    const me = await stack.api('GET', '/api/auth/me', undefined, key);
    expect(me.body).toMatchObject({ role: 'agent' });
    expect([...me.body.providers].sort()).toEqual(simulated);
    // Least privilege: it cannot administer anything.
    expect((await stack.api('GET', '/api/keys', undefined, key)).status).toBe(403);

    // A second start keeps the same key instead of minting another.
    await giveSimulatorAgentKey(options);
    expect((await readFile(file, 'utf8')).trim()).toBe(key);
    const keys = (await stack.api('GET', '/api/keys?pageSize=200')).body.items as { name: string; revokedAt?: string | null }[];
    expect(keys.filter((k) => k.name === 'network simulator (dev stack)' && !k.revokedAt)).toHaveLength(1);

    // The simulator answers an asynchronous order by callback with that key (no headers of the test's own).
    const suffix = randomBytes(3).toString('hex').toUpperCase();
    const actionCode = `SIMKEY_${suffix}`;
    const created = await stack.api('POST', '/api/action-codes', {
      code: actionCode,
      actionType: 'provisioning',
      name: 'Enable OTT by callback (test)',
      parameters: { provider: 'ca-platform', serviceType: '/service/tv/ott', action: 'A', fields: ['accountId', 'data.ottPackage'], mode: 'queued', maxWait: '120s' },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const code = `SIMKEY_RUN_${suffix}`;
    expect((await stack.api('POST', '/api/event-codes', { code, eventType: 'PROVISIONING', name: 'Simulator key (test)', requiredSubjectKeys: ['accountId'] })).status).toBe(201);
    expect((await stack.api('PUT', `/api/workflows/${code}/draft`, { graph: oneActionGraph(actionCode) })).status).toBe(200);
    expect((await stack.api('POST', `/api/workflows/${code}/publish`, {})).status).toBe(201);
    expect((await stack.simulator('PUT', '/control/providers/ca-platform', { mode: 'async', callbackDelayMs: 200 })).status).toBe(200);
    const id = randomBytes(4).toString('hex');
    const raised = await stack.api('POST', '/api/events', { eventCode: code, subject: { accountId: `ACC-${id}`, serviceId: `ott-${id}` }, data: { ottPackage: 'gold' } });
    expect(raised.status, JSON.stringify(raised.body)).toBe(202);
    const runId = raised.body.runs[0].runId as string;
    const done = await eventually(`run ${runId} to end`, async () => {
      const view = (await stack.api('GET', `/api/runs/${encodeURIComponent(runId)}`)).body;
      return ['Completed', 'Failed', 'Cancelled'].includes(view.status) ? view : undefined;
    }, 150_000);
    expect(done.status, stack.logs()).toBe('Completed');
    const orderId = done.state.nodes.enable.serviceOrderId as string;
    const order = (await stack.api('GET', `/api/service-orders/${orderId}`)).body;
    expect(order.state).toBe('COMPLETED');
    expect(order.exchanges.filter((e: { direction: string }) => e.direction === 'callback')).toHaveLength(1);
  }, 300_000);
});
