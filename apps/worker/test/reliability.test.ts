import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createActivities } from '@signalbox/activities';
import { namedSignal, runWorkflowId, stateQuery, WORKFLOW_TYPES, type RunInput, type RunState } from '@signalbox/contracts';
import { startTemporal, tmpDir } from '@signalbox/tools/infra';
import { waitFor } from '@signalbox/tools/wait';
import { createSignalboxWorker } from '../src/create-worker';
import { action, end, graph, serviceType, simulator, simulatorProvider, snapshot, start, startHarness, type Harness } from './harness';
import { finalRunState } from './run-result';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  h.catalog.providers['hss-crash'] = simulatorProvider(h.simulatorUrl, 'hss-crash');
  h.catalog.serviceTypes['/service/telco/voice'] = serviceType('/service/telco/voice');
  h.catalog.actionCodes['VOICE_ON'] = {
    code: 'VOICE_ON',
    actionType: 'provisioning',
    name: 'Voice on',
    parameters: { provider: 'hss-crash', serviceType: '/service/telco/voice', action: 'A', fields: [], timeout: '2m', maxWait: '1h', priority: 'normal' },
    retry: { maximumAttempts: 10, initialInterval: '200ms', backoffCoefficient: 2, maximumInterval: '2s' },
  };
  await simulator('/control/providers/hss-crash', { method: 'PUT', body: { latencyMs: 4_000 } });
});

afterAll(async () => {
  await h?.stop();
});

function spawnWorker(taskQueue: string, databaseUrl: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(__dirname, '..', 'dist', 'main.js')], {
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      TEMPORAL_NAMESPACE: inject('temporalNamespace'),
      TEMPORAL_TASK_QUEUE: taskQueue,
      DATABASE_URL: databaseUrl,
      SIMULATOR_URL: inject('simulatorUrl'),
      SMTP_PORT: String(inject('smtpPort')),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (c: Buffer) => {
      out += c.toString();
      if (out.includes('worker ready on task queue')) resolve(child);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`worker exited with ${code}:\n${out}`)));
  });
}

describe('reliability', () => {
  it('SIGKILL of the worker mid-send: after a restart the run completes with one order at the provider', async () => {
    // The built worker (dist/) reads the same database; a run started on its task queue.
    const taskQueue = `crash-${randomUUID().slice(0, 8)}`;
    const dbUrl = (h.dataSource.options as { url: string }).url;
    let worker = await spawnWorker(taskQueue, dbUrl);
    const snap = snapshot(h, 'VOICE', graph([start(), action('a1', 'VOICE_ON'), end('ok'), end('bad', 'failed')], ['start:next->a1', 'a1:success->ok', 'a1:failure->bad']));
    const eventId = randomUUID();
    const input: RunInput = { snapshot: snap, subject: { msisdn: '447700900555', serviceId: `svc-${eventId.slice(0, 6)}` }, data: {}, eventId, raisedAt: new Date().toISOString(), test: false };
    const run = await h.client.workflow.start(WORKFLOW_TYPES.interpreter, { workflowId: runWorkflowId('VOICE', eventId), taskQueue, args: [input] });
    const before = ((await simulator('/control/providers/hss-crash')) as { stats: { received: number } }).stats.received;
    await waitFor(async () => ((await simulator('/control/providers/hss-crash')) as { stats: { received: number } }).stats.received > before, {
      interval: 50,
      message: 'the provider to receive the order',
    });
    worker.kill('SIGKILL');
    await new Promise((r) => worker.once('exit', r));
    worker = await spawnWorker(taskQueue, dbUrl);
    try {
      const state = (await finalRunState(run)) as RunState;
      expect(state.result).toBe('completed');
      const order = await h.store.get(state.nodes.a1.serviceOrderId as string);
      expect(order?.state).toBe('COMPLETED');
      const stats = ((await simulator('/control/providers/hss-crash')) as { stats: { received: number; duplicates: number; completed: number } }).stats;
      expect(stats.completed).toBe(1);
      expect(stats.received - stats.duplicates).toBe(1);
    } finally {
      worker.kill('SIGTERM');
    }
  });

  it('Temporal restarted on the same database file: a waiting run continues', async () => {
    const dbFile = path.join(tmpDir('signalbox-temporal-'), 'temporal.db');
    const { mkdir } = await import('node:fs/promises');
    await mkdir(path.dirname(dbFile), { recursive: true });
    const g = graph([start(), { id: 'w', kind: 'wait', wait: { type: 'signal', signal: 'go', timeout: '10m' } }, end('ok'), end('late', 'failed')], ['start:next->w', 'w:next->ok', 'w:timeout->late']);
    const snap = snapshot(h, 'RESTART', g);
    const boot = async () => {
      const temporal = await startTemporal({ dbFile, reuse: false });
      const clientConnection = await Connection.connect({ address: temporal.address });
      const client = new Client({ connection: clientConnection, namespace: temporal.namespace });
      const connection = await NativeConnection.connect({ address: temporal.address });
      const activities = createActivities({
        orders: h.store,
    slots: h.slots,
        providers: { load: async () => undefined },
        temporal: client,
        config: { taskQueue: 'restart', smtp: { host: '127.0.0.1', port: inject('smtpPort'), from: 'x@test' } },
      });
      const worker = await createSignalboxWorker({ connection, namespace: temporal.namespace, taskQueue: 'restart', activities, workflowBundle: { codePath: inject('bundlePath') } });
      const running = worker.run();
      return {
        client,
        async stop() {
          worker.shutdown();
          await running;
          await connection.close();
          await clientConnection.close();
          await temporal.stop();
        },
      };
    };
    let env = await boot();
    const eventId = randomUUID();
    const input: RunInput = { snapshot: snap, subject: { msisdn: '447700900556' }, data: {}, eventId, raisedAt: new Date().toISOString(), test: false };
    const workflowId = runWorkflowId('RESTART', eventId);
    const run = await env.client.workflow.start(WORKFLOW_TYPES.interpreter, { workflowId, taskQueue: 'restart', args: [input] });
    await waitFor(async () => (await run.query(stateQuery)).nodes.w?.status === 'in-progress', { message: 'the run to wait for its signal' });
    await env.stop();
    env = await boot();
    try {
      const again = env.client.workflow.getHandle(workflowId);
      await again.signal(namedSignal, { name: 'go' });
      const state = (await finalRunState(again)) as RunState;
      expect(state.trail).toEqual(['start', 'w', 'ok']);
    } finally {
      await env.stop();
    }
  });
});

