import { describe, expect, it } from 'vitest';
import { ActionCode, EventCode, Provider, ServiceType, Template, WorkflowGraph } from '@signalbox/domain';
import { buildVersionSnapshot, SnapshotReferenceError, type SnapshotCatalog } from './snapshot.builder';

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

describe('buildVersionSnapshot', () => {
  it('keeps only the referenced entries, following compensations and transition actions', () => {
    const snapshot = buildVersionSnapshot({ eventCode, version: 3, graph }, catalog());
    expect(snapshot).toMatchObject({ eventCode: 'SIM_SWAP', eventType: 'DEVICE', version: 3, graph });
    expect(Object.keys(snapshot.actionCodes).sort()).toEqual(['AUDIT', 'HSS_SWAP', 'HSS_UNDO', 'NOTIFY']);
    expect(Object.keys(snapshot.templates).sort()).toEqual(['SWAP_DONE', 'WELCOME']);
    expect(Object.keys(snapshot.providers).sort()).toEqual(['audit', 'hss-backup', 'hss-main']);
    expect(Object.keys(snapshot.serviceTypes)).toEqual(['/service/telco/sim']);
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
    const broken = WorkflowGraph.parse({
      nodes: [
        { id: 'a', kind: 'action', actionCode: 'NOPE' },
        { id: 'b', kind: 'communication', template: 'MISSING' },
      ],
      edges: [],
    });
    const c = catalog();
    const withBadCompensation = new Map(c.actionCodes);
    withBadCompensation.set('HSS_SWAP', { ...c.actionCodes.get('HSS_SWAP')!, compensation: 'GONE' });
    try {
      buildVersionSnapshot({ eventCode, version: 1, graph: { ...broken, nodes: [...broken.nodes, { id: 'c', kind: 'action', actionCode: 'HSS_SWAP', inputs: {} }] } }, { ...c, actionCodes: withBadCompensation });
      expect.unreachable('should have thrown');
    } catch (error) {
      expect(error).toBeInstanceOf(SnapshotReferenceError);
      expect((error as SnapshotReferenceError).problems).toEqual([
        { path: 'graph.nodes.0.actionCode', message: 'action code NOPE does not exist' },
        { path: 'graph.nodes.1.template', message: 'template MISSING does not exist' },
        { path: 'actionCodes.HSS_SWAP.compensation', message: 'action code GONE does not exist' },
      ]);
    }
  });
});
