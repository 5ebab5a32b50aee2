import { describe, expect, it } from 'vitest';
import { ActionCode, EventCode, Provider, ServiceType, Template, WorkflowGraph } from '@signalbox/domain';
import { buildVersionSnapshot, missingSnapshotEntries, SnapshotReferenceError, type SnapshotCatalog } from './version-snapshot';
import {
  planRunStart,
  RUN_SEARCH_ATTRIBUTES,
  runAttributes,
  runSearchAttributes,
  runSummary,
} from './run-start';
import { SEARCH_ATTRIBUTES } from './temporal';

const byCode = <T extends { code: string }>(items: T[]) => new Map(items.map((i) => [i.code, i]));

const catalog = (): SnapshotCatalog => ({
  actionCodes: byCode([
    ActionCode.parse({ code: 'HSS_SWAP', actionType: 'provisioning', name: 'Swap', parameters: { provider: 'hss-main', serviceType: '/service/telco/sim', action: 'P' }, compensation: 'HSS_UNDO' }),
    ActionCode.parse({ code: 'HSS_UNDO', actionType: 'provisioning', name: 'Undo', parameters: { provider: 'hss-backup', serviceType: '/service/telco/sim', action: 'R' } }),
    ActionCode.parse({ code: 'NOTIFY', actionType: 'communication', name: 'Notify', parameters: { template: 'SWAP_DONE' } }),
    ActionCode.parse({ code: 'AUDIT', actionType: 'http-call', name: 'Audit', parameters: { provider: 'audit' } }),
    ActionCode.parse({ code: 'UNUSED', actionType: 'http-call', name: 'Unused', parameters: { provider: 'unused' } }),
  ]),
  templates: byCode([
    Template.parse({ code: 'SWAP_DONE', name: 'Done', channel: 'sms', variants: [{ locale: 'en', body: 'Your SIM was swapped' }] }),
    Template.parse({ code: 'WELCOME', name: 'Welcome', channel: 'sms', variants: [{ locale: 'en', body: 'Hi' }] }),
    Template.parse({ code: 'OTHER', name: 'Other', channel: 'sms', variants: [{ locale: 'en', body: 'x' }] }),
  ]),
  providers: byCode([
    Provider.parse({ code: 'hss-main', name: 'HSS', endpoints: ['http://localhost:1/hss'], auth: { type: 'basic', username: 'u', password: 'secret-password' }, state: 'effective' }),
    Provider.parse({ code: 'hss-backup', name: 'HSS 2', endpoints: ['http://localhost:1/hss2'], auth: { type: 'signature', keyId: 'k1', secret: 'a-very-long-signing-secret' } }),
    Provider.parse({ code: 'audit', name: 'Audit', endpoints: ['http://localhost:1/audit'] }),
    Provider.parse({ code: 'unused', name: 'Unused', endpoints: ['http://localhost:1/x'] }),
  ]),
  serviceTypes: byCode([
    ServiceType.parse({
      code: '/service/telco/sim',
      name: 'SIM',
      telco: true,
      transitions: [
        { from: 'NEW', to: 'PROCESSING' },
        { from: 'PROCESSING', to: 'COMPLETED', actionCode: 'AUDIT' },
      ],
    }),
    ServiceType.parse({ code: '/service/telco/gprs', name: 'GPRS' }),
  ]),
});

const eventCode = EventCode.parse({ code: 'SIM_SWAP', eventType: 'DEVICE', name: 'SIM swap', requiredSubjectKeys: ['msisdn'] });
const graph = WorkflowGraph.parse({
  nodes: [
    { id: 'start', kind: 'start' },
    { id: 'n2', kind: 'action', actionCode: 'HSS_SWAP' },
    { id: 'n3', kind: 'communication', template: 'WELCOME' },
    { id: 'n4', kind: 'action', actionCode: 'NOTIFY' },
    { id: 'end', kind: 'end' },
  ],
  edges: [],
});
const empty = (): SnapshotCatalog => ({ actionCodes: new Map(), templates: new Map(), providers: new Map(), serviceTypes: new Map() });

describe('buildVersionSnapshot', () => {
  it('keeps only the referenced entries, following compensations and transition actions', () => {
    const snapshot = buildVersionSnapshot({ eventCode, version: 3, graph }, catalog());
    expect(snapshot).toMatchObject({ eventCode: 'SIM_SWAP', eventType: 'DEVICE', version: 3, graph });
    expect(Object.keys(snapshot.actionCodes).sort()).toEqual(['AUDIT', 'HSS_SWAP', 'HSS_UNDO', 'NOTIFY']);
    expect(Object.keys(snapshot.templates).sort()).toEqual(['SWAP_DONE', 'WELCOME']);
    expect(Object.keys(snapshot.providers).sort()).toEqual(['audit', 'hss-backup', 'hss-main']);
    expect(Object.keys(snapshot.serviceTypes)).toEqual(['/service/telco/sim']);
  });

  it('carries the steps and connections, not the canvas notes and groups', () => {
    const drawn = { ...graph, notes: [{ id: 'note1', text: 'Ask billing', position: { x: 0, y: 0 } }], groups: [{ id: 'group1', label: 'Swap', nodeIds: [graph.nodes[0].id], collapsed: true }] };
    const snapshot = buildVersionSnapshot({ eventCode, version: 3, graph: drawn }, catalog());
    expect(snapshot.graph).toEqual({ nodes: graph.nodes, edges: graph.edges });
    expect(JSON.stringify(snapshot)).not.toContain('Ask billing');
  });

  it('freezes the provider a communication node names, and names it when missing', () => {
    const c = catalog();
    const withGateway = { ...c, providers: new Map(c.providers).set('sms-gw', Provider.parse({ code: 'sms-gw', name: 'SMS', protocol: 'sms', endpoints: ['http://localhost:1/sms'] })) };
    const viaGateway = WorkflowGraph.parse({ nodes: [{ id: 'sms', kind: 'communication', template: 'WELCOME', provider: 'sms-gw' }], edges: [] });
    const snapshot = buildVersionSnapshot({ eventCode, version: 1, graph: viaGateway }, withGateway);
    expect(Object.keys(snapshot.providers)).toEqual(['sms-gw']);
    expect(Object.keys(snapshot.templates)).toEqual(['WELCOME']);
    expect(() => buildVersionSnapshot({ eventCode, version: 1, graph: viaGateway }, c)).toThrow(SnapshotReferenceError);
    expect(missingSnapshotEntries({ eventCode, version: 1, graph: viaGateway }, c).providers).toEqual(['sms-gw']);
  });

  it('never copies provider credentials', () => {
    const snapshot = buildVersionSnapshot({ eventCode, version: 3, graph }, catalog());
    expect(snapshot.providers['hss-main'].auth).toEqual({ type: 'basic' });
    expect(snapshot.providers['hss-backup'].auth).toEqual({ type: 'signature' });
    const text = JSON.stringify(snapshot);
    expect(text).not.toContain('secret-password');
    expect(text).not.toContain('a-very-long-signing-secret');
    expect(text).not.toContain('"username"');
  });

  it('lists every missing reference with its path', () => {
    const c = catalog();
    const withBadCompensation = new Map(c.actionCodes);
    withBadCompensation.set('HSS_SWAP', { ...c.actionCodes.get('HSS_SWAP')!, compensation: 'GONE' });
    const broken = WorkflowGraph.parse({
      nodes: [
        { id: 'a', kind: 'action', actionCode: 'NOPE' },
        { id: 'b', kind: 'communication', template: 'MISSING' },
        { id: 'c', kind: 'action', actionCode: 'HSS_SWAP' },
      ],
      edges: [],
    });
    let error: unknown;
    try {
      buildVersionSnapshot({ eventCode, version: 1, graph: broken }, { ...c, actionCodes: withBadCompensation });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(SnapshotReferenceError);
    expect((error as SnapshotReferenceError).problems).toEqual([
      { path: 'graph.nodes.0.actionCode', message: 'action code NOPE does not exist' },
      { path: 'graph.nodes.1.template', message: 'template MISSING does not exist' },
      { path: 'actionCodes.HSS_SWAP.compensation', message: 'action code GONE does not exist' },
    ]);
  });
});

describe('missingSnapshotEntries', () => {
  it('names what to fetch next, one level of references at a time, until nothing is missing', () => {
    const full = catalog();
    const loaded = empty();
    const rounds: Record<string, string[]>[] = [];
    for (;;) {
      const missing = missingSnapshotEntries({ eventCode, version: 3, graph }, loaded);
      if (Object.values(missing).every((codes) => codes.length === 0)) break;
      rounds.push(Object.fromEntries(Object.entries(missing).map(([kind, codes]) => [kind, [...codes].sort()])));
      for (const [kind, codes] of Object.entries(missing) as [keyof SnapshotCatalog, string[]][]) {
        const into = loaded[kind] as Map<string, unknown>;
        for (const code of codes) into.set(code, full[kind].get(code));
      }
    }
    expect(rounds[0]).toEqual({ actionCodes: ['HSS_SWAP', 'NOTIFY'], templates: ['WELCOME'], providers: [], serviceTypes: [] });
    expect(rounds[1]).toEqual({ actionCodes: ['HSS_UNDO'], templates: ['SWAP_DONE'], providers: ['hss-main'], serviceTypes: ['/service/telco/sim'] });
    expect(buildVersionSnapshot({ eventCode, version: 3, graph }, loaded)).toEqual(buildVersionSnapshot({ eventCode, version: 3, graph }, full));
  });
});

const simSwap = { eventCode: 'SIM_SWAP', eventType: 'DEVICE', version: 3 };

describe('runSearchAttributes', () => {
  it('types every key as the registered search attribute list does', () => {
    const registered = Object.fromEntries(Object.entries(SEARCH_ATTRIBUTES).map(([name, type]) => [name, type.toUpperCase()]));
    expect(Object.fromEntries(Object.values(RUN_SEARCH_ATTRIBUTES).map((k) => [k.name, k.type]))).toEqual(registered);
  });

  const names = (pairs: ReturnType<typeof runSearchAttributes>) => Object.fromEntries(pairs.map((p) => [p.key.name, [p.key.type, p.value]]));
  const attributes = runAttributes({ snapshot: { ...buildVersionSnapshot({ eventCode, version: 3, graph }, catalog()) }, subject: { accountId: 'A1', msisdn: '447700900123' }, test: false }, false);

  it('indexes the business keys the run has, with their types', () => {
    expect(names(runSearchAttributes(attributes, true))).toEqual({
      EventCode: ['KEYWORD', 'SIM_SWAP'],
      EventType: ['KEYWORD', 'DEVICE'],
      RunStatus: ['KEYWORD', 'Running'],
      WorkflowVersion: ['INT', 3],
      IsTest: ['BOOL', false],
      AccountId: ['KEYWORD', 'A1'],
      Msisdn: ['KEYWORD', '447700900123'],
    });
  });

  it('leaves personal keys out when the deployment forbids indexing them', () => {
    const indexed = names(runSearchAttributes(attributes, false));
    expect(indexed).not.toHaveProperty('Msisdn');
    expect(indexed).toHaveProperty('AccountId');
  });

  it('marks a delayed start Scheduled and a test run IsTest, and indexes the service id', () => {
    const scheduled = runAttributes({ snapshot: { ...simSwap } as never, subject: { serviceId: 'S1' }, test: true }, true);
    expect(names(runSearchAttributes(scheduled, true))).toMatchObject({ RunStatus: ['KEYWORD', 'Scheduled'], IsTest: ['BOOL', true], ServiceId: ['KEYWORD', 'S1'] });
  });
});

describe('runSummary', () => {
  it('names the event code, the subject and the version', () => {
    expect(runSummary(simSwap, { accountId: 'A1', msisdn: '447700900123' }, { indexPersonalKeys: true })).toBe('SIM_SWAP for 447700900123, v3');
  });

  it('keeps personal keys out when indexing them is off', () => {
    expect(runSummary(simSwap, { accountId: 'A1', msisdn: '447700900123' }, { indexPersonalKeys: false })).toBe('SIM_SWAP for A1, v3');
    expect(runSummary(simSwap, { msisdn: '447700900123' }, { indexPersonalKeys: false })).toBe('SIM_SWAP for subject, v3');
  });

  it('says a draft test run and a linked run apart', () => {
    expect(runSummary({ eventCode: 'SIM_SWAP', version: 0 }, { serviceId: 'S1' }, { indexPersonalKeys: true })).toBe('SIM_SWAP for S1, draft test run');
    expect(runSummary(simSwap, { serviceId: 'S1' }, { indexPersonalKeys: true, parentRunId: 'run:BAR:k1' })).toBe('SIM_SWAP for S1, v3 (linked from run:BAR:k1)');
  });
});

describe('planRunStart', () => {
  const snapshot = { ...simSwap, graph: { nodes: [], edges: [] }, actionCodes: {}, templates: {}, providers: {}, serviceTypes: {} } as never;
  const input = { snapshot, subject: { accountId: 'A1', msisdn: '447700900123' }, data: {}, eventId: 'k1', raisedAt: '2026-11-23T10:00:00.000Z', test: false };

  it('derives the workflow id, attributes, summary and memo from the run input', () => {
    const start = planRunStart(input, { startDelayMs: 0, indexPersonalKeys: true });
    expect(start).toMatchObject({
      workflowId: 'run:SIM_SWAP:k1',
      startDelayMs: 0,
      attributes: { status: 'Running', msisdn: '447700900123' },
      summary: 'SIM_SWAP for 447700900123, v3',
      memo: { subject: input.subject },
    });
    expect(start.searchAttributes.map((p) => p.key.name)).toContain('Msisdn');
  });

  it('carries the parent of a linked, delayed run and honours the personal-keys switch', () => {
    const start = planRunStart({ ...input, parentRunId: 'run:BAR:k0' }, { startDelayMs: 5000, indexPersonalKeys: false });
    expect(start).toMatchObject({ attributes: { status: 'Scheduled' }, summary: 'SIM_SWAP for A1, v3 (linked from run:BAR:k0)', memo: { parentRunId: 'run:BAR:k0' } });
    expect(start.searchAttributes.map((p) => p.key.name)).not.toContain('Msisdn');
  });
});
