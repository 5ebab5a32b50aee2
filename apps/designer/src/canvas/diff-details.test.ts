import { describe, expect, it } from 'vitest';
import type { WorkflowGraph } from '@signalbox/domain';
import { diffGraphs } from '../domain/domain.adapter';
import { diffDetails, showValue } from './diff-details';

const v1: WorkflowGraph = {
  nodes: [
    { id: 'n1', kind: 'start', position: { x: 0, y: 0 } },
    { id: 'n2', kind: 'communication', template: 'WELCOME_SMS', to: 'subject.msisdn' },
    { id: 'n3', kind: 'end', result: 'completed' },
  ],
  edges: [
    { id: 'e1', source: 'n1', sourceHandle: 'next', target: 'n2' },
    { id: 'e2', source: 'n2', sourceHandle: 'success', target: 'n3' },
  ],
};
const v2: WorkflowGraph = {
  nodes: [
    { id: 'n1', kind: 'start', position: { x: 300, y: 0 } },
    { id: 'n2', kind: 'communication', label: 'Tell them', template: 'UNBARRED_SMS', to: 'subject.msisdn' },
    { id: 'n4', kind: 'end', result: 'failed' },
  ],
  edges: [
    { id: 'e1', source: 'n1', sourceHandle: 'next', target: 'n2' },
    { id: 'e3', source: 'n2', sourceHandle: 'failure', target: 'n4' },
  ],
};

describe('diffDetails', () => {
  it('lists each changed field with its old and new value, and added and removed steps', () => {
    const d = diffDetails(v1, v2, diffGraphs(v1, v2));
    expect(d.nodes).toEqual([
      { id: 'n2', title: 'Tell them', mark: 'changed', fields: [{ field: 'label', before: '—', after: 'Tell them' }, { field: 'template', before: 'WELCOME_SMS', after: 'UNBARRED_SMS' }] },
      { id: 'n3', title: 'end n3', mark: 'removed', fields: [] },
      { id: 'n4', title: 'end n4', mark: 'added', fields: [] },
    ]);
  });

  it('marks connections added and removed, and ignores a moved step', () => {
    const d = diffDetails(v1, v2, diffGraphs(v1, v2));
    expect(d.edges).toEqual([
      { id: 'e2', mark: 'removed', text: 'n2 —success→ n3' },
      { id: 'e3', mark: 'added', text: 'n2 —failure→ n4' },
    ]);
    expect(d.nodes.map((n) => n.id)).not.toContain('n1');
  });

  it('lists notes and groups added, removed and changed, titled by their first line or label', () => {
    const a: WorkflowGraph = { ...v1, notes: [{ id: 'note1', text: 'Ask billing\nthen swap', position: { x: 0, y: 0 } }], groups: [{ id: 'g1', label: 'Tell', nodeIds: ['n2'], collapsed: false }] };
    const b: WorkflowGraph = { ...v1, notes: [{ id: 'note1', text: 'Ask billing\nthen swap', position: { x: 9, y: 9 }, color: 'pink' }, { id: 'note2', text: 'New', position: { x: 0, y: 0 } }] };
    expect(diffDetails(a, b, diffGraphs(a, b)).extras).toEqual([
      { id: 'note1', what: 'note', title: 'Ask billing', mark: 'changed', fields: [{ field: 'color', before: '—', after: 'pink' }] },
      { id: 'note2', what: 'note', title: 'New', mark: 'added', fields: [] },
      { id: 'g1', what: 'group', title: 'Tell', mark: 'removed', fields: [] },
    ]);
  });

  it('keeps long values to one short line', () => {
    expect(showValue({ a: 1 })).toBe('{"a":1}');
    expect(showValue('x'.repeat(500))).toHaveLength(120);
  });
});
