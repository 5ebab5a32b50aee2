import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Provider } from '@signalbox/domain';
import { ProviderEntity, ProviderTokenBuckets } from '@signalbox/persistence';
import { action, end, graph, serviceType, simulator, simulatorProvider, snapshot, start, startHarness, startRun, type Harness } from './harness';
import { startProviderPool } from './provider-pool';
import { finalRunState } from './run-result';

const PROVIDER = 'hss-burst';
const RATE = 1;
const BURST = 2;
const ORDERS = 7;
/**
 * Tokens are taken at least 1/rate apart per `BURST + 1` orders; an order reaches the simulator a
 * little after its token (HTTP on a busy machine), so the check allows a quarter of that window.
 */
const WINDOW_MS = (1_000 / RATE) * 0.75;

let h: Harness;
let stopPool: (() => Promise<void>) | undefined;

beforeAll(async () => {
  h = await startHarness();
  h.catalog.serviceTypes['/service/telco/gprs'] = serviceType('/service/telco/gprs');
  const provider: Provider = simulatorProvider(h.simulatorUrl, PROVIDER, { rateLimit: { perSecond: RATE, burst: BURST } });
  h.catalog.providers[PROVIDER] = provider;
  await h.dataSource.getRepository(ProviderEntity).save({ code: PROVIDER, definition: provider, createdBy: 'test', updatedBy: 'test' });
  h.catalog.actionCodes.ACTIVATE_BURST = {
    code: 'ACTIVATE_BURST',
    actionType: 'provisioning',
    name: 'Activate',
    parameters: { provider: PROVIDER, serviceType: '/service/telco/gprs', action: 'A', fields: [], timeout: '120s', maxWait: '1h', priority: 'normal' },
  };
  // The provider's own worker, as the worker process runs it: the task-queue limit and the bucket.
  stopPool = (await startProviderPool(h, { refreshMs: 60_000, deps: { throttle: new ProviderTokenBuckets(h.dataSource) } })).stop;
});

afterAll(async () => {
  await stopPool?.();
  await h?.stop();
});

describe('provider burst', () => {
  it(`never lets more than the burst through in any 1/rate window (rate ${RATE}/s, burst ${BURST})`, async () => {
    const g = graph([start(), action('a1', 'ACTIVATE_BURST'), end('ok'), end('bad', 'failed'), end('late', 'failed')], ['start:next->a1', 'a1:success->ok', 'a1:failure->bad', 'a1:timeout->late']);
    const snap = snapshot(h, 'BURST_ORDERS', g);
    const runs = await Promise.all(Array.from({ length: ORDERS }, () => startRun(h, snap)));
    const states = await Promise.all(runs.map((run) => finalRunState(run)));
    expect(states.map((s) => s.result)).toEqual(Array(ORDERS).fill('completed'));

    const { items } = (await simulator(`/control/requests?provider=${PROVIDER}`)) as { items: { at: string; method: string }[] };
    const times = items
      .filter((r) => r.method === 'POST')
      .map((r) => Date.parse(r.at))
      .sort((a, b) => a - b);
    expect(times).toHaveLength(ORDERS);
    // The tightest window holding BURST + 1 consecutive orders.
    const tightest = Math.min(...times.slice(BURST).map((t, i) => t - times[i]));
    expect(tightest).toBeGreaterThanOrEqual(WINDOW_MS);
  });
});
