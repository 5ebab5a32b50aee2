import { describe, expect, it } from 'vitest';
import { demoCatalog, type WorkflowGraph } from '@signalbox/domain';
import { buildCatalogView } from '../../domain/domain.adapter';
import { subjectKeysUsed } from './subject-keys';

describe('subjectKeysUsed', () => {
  it('marks the keys an order copies from the subject as required and lists keys read by expressions and templates', () => {
    const { eventTypes: _types, ...catalog } = demoCatalog();
    const view = buildCatalogView({ ...catalog, eventCodes: [] });
    const graph: WorkflowGraph = {
      nodes: [
        { id: 'n1', kind: 'start' },
        { id: 'n2', kind: 'action', actionCode: 'HSS_ACTIVATE_SUBSCRIBER', inputs: {} },
        { id: 'n3', kind: 'communication', template: 'WELCOME_SMS', to: 'subject.msisdn' },
        { id: 'n4', kind: 'decision', branches: [{ id: 'b1', condition: 'subject.deviceId != null' }] },
      ],
      edges: [],
    };
    const keys = subjectKeysUsed(graph, view, undefined);
    const byKey = Object.fromEntries(keys.map((k) => [k.key, k]));
    expect(byKey.iccid).toMatchObject({ required: true, usedBy: ['n2 order HSS_ACTIVATE_SUBSCRIBER'] });
    expect(byKey.msisdn.required).toBe(true);
    expect(byKey.msisdn.usedBy).toContain('n3 (communication)');
    expect(byKey.deviceId).toMatchObject({ required: false, usedBy: ['n4 (decision)'] });
    expect(keys.map((k) => k.key)).not.toContain('customerId');
  });
});
