import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { inject } from 'vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { providerTaskQueue, type RunState } from '@signalbox/contracts';
import type { Provider } from '@signalbox/domain';
import { ProviderEntity } from '@signalbox/persistence';
import { waitFor } from '@signalbox/tools/wait';
import type { ProviderWorkerPool } from '../src/provider-workers';
import { action, end, graph, serviceType, simulator, simulatorProvider, snapshot, start, startHarness, startRun, type Harness } from './harness';
import { startProviderPool } from './provider-pool';
import { finalRunState } from './run-result';

const LIMITED = 'hss-rl-limited';
const FREE = 'hss-rl-free';
const LATE = 'hss-rl-late';
const ORDERS = 6;
type History = Awaited<ReturnType<ReturnType<Harness['client']['workflow']['getHandle']>['fetchHistory']>>;

let h: Harness;
let pool: ProviderWorkerPool;
let stopPool: (() => Promise<void>) | undefined;

/** The provider in the run snapshots (harness catalog) and in the database the pool reads. */
async function putProvider(provider: Provider): Promise<void> {
  h.catalog.providers[provider.code] = provider;
  await h.dataSource.getRepository(ProviderEntity).save({ code: provider.code, definition: provider, createdBy: 'test', updatedBy: 'test' });
}

beforeAll(async () => {
  h = await startHarness();
  h.catalog.serviceTypes['/service/telco/gprs'] = serviceType('/service/telco/gprs');
  await putProvider(simulatorProvider(h.simulatorUrl, LIMITED, { rateLimit: { perSecond: 2, burst: 1 } }));
  await putProvider(simulatorProvider(h.simulatorUrl, FREE));
  await putProvider(simulatorProvider(h.simulatorUrl, LATE));
  for (const provider of [LIMITED, FREE, LATE]) {
    h.catalog.actionCodes[`ACTIVATE_${provider}`] = {
      code: `ACTIVATE_${provider}`,
      actionType: 'provisioning',
      name: `Activate on ${provider}`,
      parameters: { provider, serviceType: '/service/telco/gprs', action: 'A', fields: ['data.apn'], timeout: '60s', maxWait: '1h', priority: 'normal' },
    };
  }
  ({ pool, stop: stopPool } = await startProviderPool(h, { refreshMs: 200 }));
});

afterAll(async () => {
  await stopPool?.();
  await h?.stop();
});

const oneOrder = (provider: string) =>
  graph([start(), action('a1', `ACTIVATE_${provider}`), end('ok'), end('bad', 'failed'), end('late', 'failed')], ['start:next->a1', 'a1:success->ok', 'a1:failure->bad', 'a1:timeout->late']);

/** Starts `count` runs at once, each sending one order to `provider`, and waits for all of them. */
async function sendOrders(provider: string, count: number): Promise<{ states: RunState[]; queues: string[] }> {
  const snap = snapshot(h, `RL_${provider}`, oneOrder(provider));
  const runs = await Promise.all(Array.from({ length: count }, () => startRun(h, snap, { data: { apn: 'internet' } })));
  const states = await Promise.all(runs.map((run) => finalRunState(run)));
  const queues = await Promise.all(runs.map(async (run) => sendQueue(await run.fetchHistory())));
  if (process.env.SIGNALBOX_RECORD_HISTORIES && provider === LIMITED) {
    const { mkdir, writeFile } = await import('node:fs/promises');
    await mkdir(process.env.SIGNALBOX_RECORD_HISTORIES, { recursive: true });
    await writeFile(`${process.env.SIGNALBOX_RECORD_HISTORIES}/provider-rate-limit-queue.json`, JSON.stringify(await runs[0].fetchHistory()));
  }
  return { states, queues };
}

/** The task queue the provisioning send was scheduled on, as the run's history records it. */
function sendQueue(history: History): string {
  const scheduled = history.events?.find((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'provisioning');
  return scheduled?.activityTaskScheduledEventAttributes?.taskQueue?.name ?? '(no provisioning activity)';
}

/** Milliseconds between the first and the last order the simulator received from `provider`. */
async function arrivalSpread(provider: string): Promise<{ count: number; spreadMs: number }> {
  const { items } = (await simulator(`/control/requests?provider=${provider}`)) as { items: { at: string; method: string }[] };
  const times = items.filter((r) => r.method === 'POST').map((r) => Date.parse(r.at));
  return { count: times.length, spreadMs: Math.max(...times) - Math.min(...times) };
}

describe('provider rate limits', () => {
  it('starts a worker only for the providers that have a limit', () => {
    expect(pool.limits()).toEqual([{ code: LIMITED, perSecond: 2 }]);
  });

  it('spreads a limited provider’s orders over time on its own task queue', async () => {
    const { states, queues } = await sendOrders(LIMITED, ORDERS);
    expect(states.map((s) => s.result)).toEqual(Array(ORDERS).fill('completed'));
    expect(new Set(queues)).toEqual(new Set([providerTaskQueue(LIMITED, h.taskQueue)]));
    const { count, spreadMs } = await arrivalSpread(LIMITED);
    expect(count).toBe(ORDERS);
    // 6 sends at 2 per second cannot all arrive within 1.5 s, however fast the machine.
    expect(spreadMs).toBeGreaterThanOrEqual(1_500);
  });

  it('sends an unlimited provider’s orders together on the main task queue', async () => {
    const { states, queues } = await sendOrders(FREE, ORDERS);
    expect(states.map((s) => s.result)).toEqual(Array(ORDERS).fill('completed'));
    expect(new Set(queues)).toEqual(new Set([h.taskQueue]));
    const { count, spreadMs } = await arrivalSpread(FREE);
    expect(count).toBe(ORDERS);
    expect(spreadMs).toBeLessThan(1_500);
  });

  it('picks up a new limit and a changed limit at the next refresh', async () => {
    await putProvider({ ...h.catalog.providers[LATE], rateLimit: { perSecond: 50, burst: 1 } });
    await putProvider({ ...h.catalog.providers[LIMITED], rateLimit: { perSecond: 20, burst: 1 } });
    const wanted = [
      { code: LATE, perSecond: 50 },
      { code: LIMITED, perSecond: 20 },
    ];
    await waitFor(() => JSON.stringify(pool.limits()) === JSON.stringify(wanted), { message: `the pool to refresh to ${JSON.stringify(wanted)}` });
    expect(pool.limits()).toEqual(wanted);

    const late = await sendOrders(LATE, 1);
    expect(late.states[0].result).toBe('completed');
    expect(late.queues).toEqual([providerTaskQueue(LATE, h.taskQueue)]);
    // The replacement worker serves the provider's queue.
    const replaced = await sendOrders(LIMITED, 1);
    expect(replaced.states[0].result).toBe('completed');
    expect(replaced.queues).toEqual([providerTaskQueue(LIMITED, h.taskQueue)]);
  });

  it('the built worker starts the limited providers’ workers with the main one and stops them all on SIGTERM', async () => {
    const taskQueue = `rl-main-${randomUUID().slice(0, 8)}`;
    const child = spawn(process.execPath, [path.join(__dirname, '..', 'dist', 'main.js')], {
      env: {
        ...process.env,
        TEMPORAL_ADDRESS: inject('temporalAddress'),
        TEMPORAL_NAMESPACE: inject('temporalNamespace'),
        TEMPORAL_TASK_QUEUE: taskQueue,
        DATABASE_URL: (h.dataSource.options as { url: string }).url,
        SIMULATOR_URL: h.simulatorUrl,
        SMTP_PORT: String(inject('smtpPort')),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      const onData = (c: Buffer) => {
        out += c.toString();
        if (out.includes(`worker ready on task queue ${taskQueue} `)) resolve();
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      void exited.then((code) => reject(new Error(`the worker exited with ${code}:\n${out}`)));
    });
    expect(out).toContain(`polling task queue ${providerTaskQueue(LIMITED, taskQueue)}`);
    expect(out).toContain(`polling task queue ${providerTaskQueue(LATE, taskQueue)}`);
    expect(out).not.toContain(providerTaskQueue(FREE, taskQueue));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
