import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT_TYPE_SERVICE_TYPE } from '@signalbox/contracts';
import type { ActionCode } from '@signalbox/domain';
import { action, end, graph, simulator, simulatorProvider, snapshot, start, startHarness, startRun, uniq, type Harness } from './harness';
import { finalRunState } from './run-result';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.stop();
});

interface SimSubscriber {
  accountId?: string;
  accountType?: string;
  accountTypeHistory: { serviceOrderId: string; from?: string; to: string }[];
}

/** Runs one account-type movement; success → ok, failure → bad. */
async function move(billing: string, accountId: string, parameters: Record<string, unknown>) {
  const code: ActionCode = { code: `MOVE_${uniq().toUpperCase()}`, actionType: 'account-type-movement', name: 'Move account type', parameters: { provider: billing, ...parameters } };
  h.catalog.actionCodes[code.code] = code;
  const g = graph([start(), action('move', code.code), end('ok'), end('bad', 'failed')], ['start:next->move', 'move:success->ok', 'move:failure->bad']);
  const run = await startRun(h, snapshot(h, `EV_${code.code}`, g), { subject: { accountId } });
  const state = await finalRunState(run);
  const page = await h.store.list({ runWorkflowId: run.workflowId });
  expect(page.items).toHaveLength(1);
  const order = (await h.store.get(page.items[0].id))!;
  return { state, order };
}

describe('account-type-movement', () => {
  it('moves an account from prepaid to postpaid at the billing system, recorded as a service order', async () => {
    const billing = `brm-${uniq()}`;
    h.catalog.providers[billing] = simulatorProvider(h.simulatorUrl, billing);
    const accountId = `acc-${uniq()}`;

    const { state, order } = await move(billing, accountId, { fromType: 'prepaid', toType: 'postpaid', reason: 'CREDIT_CHECK_PASSED' });
    expect(state.trail).toEqual(['start', 'move', 'ok']);
    expect(order).toMatchObject({ state: 'COMPLETED', serviceType: ACCOUNT_TYPE_SERVICE_TYPE, action: 'P', serviceKey: accountId, providerCode: billing });
    expect(order.exchanges.find((e) => e.direction === 'request')?.payload).toMatchObject({
      serviceType: ACCOUNT_TYPE_SERVICE_TYPE,
      subject: { accountId },
      fields: { fromType: 'prepaid', toType: 'postpaid', reason: 'CREDIT_CHECK_PASSED' },
    });
    expect(state.nodes.move.output).toMatchObject({ status: 'COMPLETED', state: { accountType: 'postpaid' } });

    const { items } = (await simulator(`/control/subscribers?provider=${billing}`)) as { items: SimSubscriber[] };
    expect(items).toEqual([expect.objectContaining({ accountId, accountType: 'postpaid', accountTypeHistory: [expect.objectContaining({ serviceOrderId: order.id, from: 'prepaid', to: 'postpaid' })] })]);
    expect(await h.store.getProvisioningStatus(billing, accountId)).toMatchObject({ orderId: order.id, state: { accountType: 'postpaid' } });
  });

  it('a move from a type the account no longer has is refused by the billing system and takes the failure edge', async () => {
    const billing = `brm-${uniq()}`;
    h.catalog.providers[billing] = simulatorProvider(h.simulatorUrl, billing);
    const accountId = `acc-${uniq()}`;
    const first = await move(billing, accountId, { fromType: 'prepaid', toType: 'postpaid' });
    expect(first.order.state).toBe('COMPLETED');

    const again = await move(billing, accountId, { fromType: 'prepaid', toType: 'hybrid' });
    expect(again.state.trail).toEqual(['start', 'move', 'bad']);
    expect(again.order.state).toBe('FAILED');
    expect(again.order.exchanges.find((e) => e.direction === 'response')?.payload).toMatchObject({ status: 'FAILED', message: `cannot move ${accountId} from prepaid to hybrid: it is postpaid` });
    const { items } = (await simulator(`/control/subscribers?provider=${billing}`)) as { items: SimSubscriber[] };
    expect(items[0]).toMatchObject({ accountType: 'postpaid' });
    expect(items[0].accountTypeHistory).toHaveLength(1);
  });
});
