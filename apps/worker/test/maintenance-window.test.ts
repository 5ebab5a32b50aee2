import type { WorkflowHandle } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stateQuery } from '@signalbox/contracts';
import type { MaintenanceWindow } from '@signalbox/domain';
import { waitFor } from '@signalbox/tools/wait';
import { action, end, graph, provisioningCode, serviceType, simulator, simulatorProvider, snapshot, start, startHarness, startRun, uniq, type Harness } from './harness';
import { finalRunState } from './run-result';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  h.catalog.serviceTypes['/service/telco/gprs'] = serviceType('/service/telco/gprs');
});

afterAll(async () => {
  await h?.stop();
});
/** Long enough for the run to start and reach its order inside the window on a busy machine. */
const OPEN_FOR_MS = 20_000;

/** A window that opened at the start of the current UTC minute and closes OPEN_FOR_MS from now. */
function windowOpenNow(): { window: MaintenanceWindow; closesAt: number } {
  const now = Date.now();
  const opened = Math.floor(now / 60_000) * 60_000;
  const closesAt = now + OPEN_FOR_MS;
  const d = new Date(opened);
  return { window: { cron: `${d.getUTCMinutes()} ${d.getUTCHours()} * * *`, duration: `${closesAt - opened}ms`, timeZone: 'UTC' }, closesAt };
}

async function runOneOrder(provider: string, windows: MaintenanceWindow[]): Promise<WorkflowHandle> {
  h.catalog.providers[provider] = simulatorProvider(h.simulatorUrl, provider, { maintenanceWindows: windows });
  const code = `ACT_${uniq().toUpperCase()}`;
  h.catalog.actionCodes[code] = provisioningCode(code, provider);
  const g = graph([start(), action('a1', code), end('ok'), end('bad', 'failed')], ['start:next->a1', 'a1:success->ok', 'a1:failure->bad']);
  return startRun(h, snapshot(h, `EV_${code}`, g), { subject: { msisdn: '447700900321', serviceId: `svc-${uniq()}` }, data: { apn: 'internet' } });
}

describe('maintenance windows', () => {
  it('an order due inside its provider window is held, shows until when, and leaves when the window closes', async () => {
    const provider = `hss-${uniq()}`;
    const { window, closesAt } = windowOpenNow();
    const run = await runOneOrder(provider, [window]);

    const held = await waitFor(
      async () => {
        const a1 = (await run.query(stateQuery)).nodes.a1;
        return a1?.status === 'scheduled' ? a1 : undefined;
      },
      { message: 'the order to be held for the window' },
    );
    expect(held.heldUntil).toBe(new Date(closesAt).toISOString());
    const during = (await simulator(`/control/requests?provider=${provider}`)) as { items: unknown[] };
    expect(during.items).toEqual([]);

    const state = await finalRunState(run);
    expect(state.trail).toEqual(['start', 'a1', 'ok']);
    const sent = (await simulator(`/control/requests?provider=${provider}`)) as { items: { at: string }[] };
    expect(sent.items).toHaveLength(1);
    expect(Date.parse(sent.items[0].at)).toBeGreaterThanOrEqual(closesAt);
    const page = await h.store.list({ runWorkflowId: run.workflowId });
    const order = (await h.store.get(page.items[0].id))!;
    expect(order.state).toBe('COMPLETED');
    expect(Date.parse(order.exchanges.find((e) => e.direction === 'request')!.at)).toBeGreaterThanOrEqual(closesAt);
  });

  it('an order outside every window leaves at once', async () => {
    const provider = `hss-${uniq()}`;
    const elsewhere = (new Date().getUTCHours() + 12) % 24;
    const run = await runOneOrder(provider, [{ cron: `0 ${elsewhere} * * *`, duration: '1h', timeZone: 'UTC' }]);
    const state = await finalRunState(run);
    expect(state.trail).toEqual(['start', 'a1', 'ok']);
    expect(state.nodes.a1.heldUntil).toBeUndefined();
  });
});
