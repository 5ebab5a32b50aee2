import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunState } from '@signalbox/contracts';
import type { ActionCode, Subject } from '@signalbox/domain';
import type { ServiceOrderWithExchanges } from '@signalbox/persistence';
import { action, end, graph, provisioningCode, serviceType, simulator, simulatorProvider, snapshot, start, startHarness, startRun, uniq, type Harness } from './harness';
import { finalRunState } from './run-result';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  h.catalog.serviceTypes['/service/telco/gprs'] = serviceType('/service/telco/gprs');
  h.catalog.serviceTypes['/device/sim'] = serviceType('/device/sim', { fields: ['msisdn'] });
});

afterAll(async () => {
  await h?.stop();
});

interface SimSubscriber {
  services: Record<string, string>;
  devices: Record<string, { state: string; status: string; fields: Record<string, unknown> }>;
  supplementary: Record<string, string>;
  profiles?: Record<string, { fields: Record<string, unknown>; serviceOrderId: string }>;
}

/** Runs one action code for the subject; returns the run's state and its order (if it placed one). */
async function runCode(code: ActionCode, subject: Subject, data: Record<string, unknown> = {}): Promise<{ state: RunState; order?: ServiceOrderWithExchanges }> {
  h.catalog.actionCodes[code.code] = code;
  const g = graph([start(), action('a1', code.code), end('ok'), end('bad', 'failed')], ['start:next->a1', 'a1:success->ok', 'a1:failure->bad']);
  const run = await startRun(h, snapshot(h, `EV_${code.code}`, g), { subject, data });
  const state = await finalRunState(run);
  const page = await h.store.list({ runWorkflowId: run.workflowId });
  const order = page.items[0] ? ((await h.store.get(page.items[0].id)) ?? undefined) : undefined;
  return { state, ...(order ? { order } : {}) };
}

async function subscriberAt(provider: string): Promise<SimSubscriber> {
  const { items } = (await simulator(`/control/subscribers?provider=${provider}`)) as { items: SimSubscriber[] };
  expect(items).toHaveLength(1);
  return items[0];
}

const stateChanges = (order: ServiceOrderWithExchanges) => order.exchanges.filter((e) => e.direction === 'state-change').map((e) => (e.payload as { to: string }).to);

describe('device orders', () => {
  const simCode = (provider: string): ActionCode =>
    provisioningCode(`SIM_${uniq().toUpperCase()}`, provider, {
      serviceType: '/device/sim',
      fields: [],
      kind: 'device',
      device: { type: '/device/sim', stateField: 'data.deviceState', states: { activated: 'A', lost: 'S' }, fields: { ICCID: 'data.iccid', MSISDN: 'subject.msisdn' } },
    });

  it('the device state picks the action; the order carries the labelled device fields and runs through its state machine', async () => {
    const provider = `hlr-${uniq()}`;
    h.catalog.providers[provider] = simulatorProvider(h.simulatorUrl, provider);
    const code = simCode(provider);
    const subject = { msisdn: '447700900901', serviceId: `svc-${uniq()}` };

    const activated = await runCode(code, subject, { deviceState: 'activated', iccid: '8944000000000000001' });
    expect(activated.state.trail).toEqual(['start', 'a1', 'ok']);
    expect(activated.order).toMatchObject({ kind: 'device', action: 'A', serviceType: '/device/sim', state: 'COMPLETED' });
    expect(stateChanges(activated.order!)).toEqual(['READY', 'PROCESSING', 'COMPLETED']);
    expect(activated.order!.exchanges.find((e) => e.direction === 'request')?.payload).toMatchObject({
      kind: 'device',
      action: 'A',
      device: { type: '/device/sim', state: 'activated', fields: { ICCID: '8944000000000000001', MSISDN: subject.msisdn } },
    });

    const lost = await runCode(code, subject, { deviceState: 'lost' });
    expect(lost.order).toMatchObject({ kind: 'device', action: 'S', state: 'COMPLETED' });
    const sub = await subscriberAt(provider);
    expect(sub.devices['/device/sim']).toEqual({ state: 'lost', status: 'suspended', fields: { ICCID: '8944000000000000001', MSISDN: subject.msisdn } });
    expect(sub.services).toEqual({});
    expect((await h.store.list({ kind: 'device', serviceKey: subject.serviceId })).total).toBe(2);
  });

  it('a device state that creates no order sends nothing and says why', async () => {
    const provider = `hlr-${uniq()}`;
    h.catalog.providers[provider] = simulatorProvider(h.simulatorUrl, provider);
    const { state, order } = await runCode(simCode(provider), { msisdn: '447700900902', serviceId: `svc-${uniq()}` }, { deviceState: 'in-stock' });
    expect(state.trail).toEqual(['start', 'a1', 'ok']);
    expect(order).toBeUndefined();
    expect(state.nodes.a1.output).toEqual({ skipped: true, reason: 'device state "in-stock" creates no order (the states that do: activated, lost)' });
    expect(((await simulator(`/control/requests?provider=${provider}`)) as { items: unknown[] }).items).toEqual([]);
  });

  it('a device action its status cannot take fails the order (FAILED through the state machine)', async () => {
    const provider = `hlr-${uniq()}`;
    h.catalog.providers[provider] = simulatorProvider(h.simulatorUrl, provider);
    const { state, order } = await runCode(simCode(provider), { msisdn: '447700900903', serviceId: `svc-${uniq()}` }, { deviceState: 'lost' });
    expect(state.trail).toEqual(['start', 'a1', 'bad']);
    expect(order).toMatchObject({ kind: 'device', action: 'S', state: 'FAILED' });
    expect(stateChanges(order!)).toEqual(['READY', 'PROCESSING', 'FAILED']);
  });
});

describe('supplementary-service orders', () => {
  const supplementaryCode = (provider: string, withParent: boolean): ActionCode =>
    provisioningCode(`SUPP_${uniq().toUpperCase()}`, provider, { kind: 'supplementary', supplementary: { services: ['CALL_WAITING', 'VOICEMAIL'], withParent } });

  it('on their own: provisioned on an active parent service, which keeps its status', async () => {
    const provider = `hss-${uniq()}`;
    h.catalog.providers[provider] = simulatorProvider(h.simulatorUrl, provider);
    const subject = { msisdn: '447700900911', serviceId: `svc-${uniq()}` };
    const parent = await runCode(provisioningCode(`GPRS_${uniq().toUpperCase()}`, provider), subject, { apn: 'internet' });
    expect(parent.order).toMatchObject({ kind: 'service', state: 'COMPLETED' });

    const { state, order } = await runCode(supplementaryCode(provider, false), subject);
    expect(state.trail).toEqual(['start', 'a1', 'ok']);
    expect(order).toMatchObject({ kind: 'supplementary', action: 'A', state: 'COMPLETED' });
    expect(stateChanges(order!)).toEqual(['READY', 'PROCESSING', 'COMPLETED']);
    expect(order!.exchanges.find((e) => e.direction === 'request')?.payload).toMatchObject({ kind: 'supplementary', supplementary: { services: ['CALL_WAITING', 'VOICEMAIL'], withParent: false } });
    const sub = await subscriberAt(provider);
    expect(sub.supplementary).toEqual({ CALL_WAITING: 'active', VOICEMAIL: 'active' });
    expect(sub.services).toEqual({ '/service/telco/gprs': 'active' });
  });

  it('on their own without an active parent: the provider refuses and the order fails', async () => {
    const provider = `hss-${uniq()}`;
    h.catalog.providers[provider] = simulatorProvider(h.simulatorUrl, provider);
    const subject = { msisdn: '447700900912', serviceId: `svc-${uniq()}` };
    const { state, order } = await runCode(supplementaryCode(provider, false), subject);
    expect(state.trail).toEqual(['start', 'a1', 'bad']);
    expect(order).toMatchObject({ kind: 'supplementary', state: 'FAILED' });
    expect(order!.exchanges.find((e) => e.direction === 'response')?.payload).toMatchObject({
      message: `cannot activate supplementary services of ${subject.serviceId} on their own: its service /service/telco/gprs is unknown`,
    });
  });

  it('with their parent: the parent service is activated together with them', async () => {
    const provider = `hss-${uniq()}`;
    h.catalog.providers[provider] = simulatorProvider(h.simulatorUrl, provider);
    const { order } = await runCode(supplementaryCode(provider, true), { msisdn: '447700900913', serviceId: `svc-${uniq()}` }, { apn: 'internet' });
    expect(order).toMatchObject({ kind: 'supplementary', state: 'COMPLETED' });
    const sub = await subscriberAt(provider);
    expect(sub).toMatchObject({ services: { '/service/telco/gprs': 'active' }, supplementary: { CALL_WAITING: 'active', VOICEMAIL: 'active' } });
  });
});

describe('profile orders', () => {
  const profileCode = (provider: string, action: string): ActionCode =>
    provisioningCode(`PROFILE_${uniq().toUpperCase()}`, provider, { kind: 'profile', action, fields: ['data.qosClass', 'data.apn'] });

  it('change the profile of a live service through the state machine, leaving its status alone; D removes it', async () => {
    const provider = `pcrf-${uniq()}`;
    h.catalog.providers[provider] = simulatorProvider(h.simulatorUrl, provider);
    const subject = { msisdn: '447700900921', serviceId: `svc-${uniq()}` };
    expect((await runCode(provisioningCode(`GPRS_${uniq().toUpperCase()}`, provider), subject, { apn: 'internet' })).order).toMatchObject({ kind: 'service', state: 'COMPLETED' });

    const set = await runCode(profileCode(provider, 'A'), subject, { qosClass: 'gold', apn: 'fast.internet' });
    expect(set.state.trail).toEqual(['start', 'a1', 'ok']);
    expect(set.order).toMatchObject({ kind: 'profile', action: 'A', state: 'COMPLETED' });
    expect(stateChanges(set.order!)).toEqual(['READY', 'PROCESSING', 'COMPLETED']);
    expect(set.order!.exchanges.find((e) => e.direction === 'request')?.payload).toMatchObject({ kind: 'profile', fields: { qosClass: 'gold', apn: 'fast.internet' } });
    let sub = await subscriberAt(provider);
    expect(Object.keys(sub.profiles ?? {})).toEqual(['/service/telco/gprs']);
    expect(sub.profiles!['/service/telco/gprs']).toMatchObject({ fields: { qosClass: 'gold', apn: 'fast.internet' }, serviceOrderId: set.order!.id });
    expect(sub.services).toEqual({ '/service/telco/gprs': 'active' });

    const removed = await runCode(profileCode(provider, 'D'), subject, { qosClass: 'gold', apn: 'fast.internet' });
    expect(removed.order).toMatchObject({ kind: 'profile', action: 'D', state: 'COMPLETED' });
    sub = await subscriberAt(provider);
    expect(sub.profiles ?? {}).toEqual({});
    expect(sub.services).toEqual({ '/service/telco/gprs': 'active' });
  });

  it('of a service the subscriber does not have: the provider refuses and the order fails, saying why', async () => {
    const provider = `pcrf-${uniq()}`;
    h.catalog.providers[provider] = simulatorProvider(h.simulatorUrl, provider);
    const subject = { msisdn: '447700900922', serviceId: `svc-${uniq()}` };
    const { state, order } = await runCode(profileCode(provider, 'A'), subject, { qosClass: 'silver', apn: 'internet' });
    expect(state.trail).toEqual(['start', 'a1', 'bad']);
    expect(order).toMatchObject({ kind: 'profile', state: 'FAILED' });
    expect(order!.exchanges.find((e) => e.direction === 'response')?.payload).toMatchObject({
      message: `cannot change the profile of ${subject.serviceId} (/service/telco/gprs): its service is unknown`,
    });
  });
});
