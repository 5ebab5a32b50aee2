import { describe, expect, it } from 'vitest';
import { runGraph, WorkflowGraph } from './graph.schema';

const steps = {
  nodes: [
    { id: 'start', kind: 'start' },
    { id: 'done', kind: 'end' },
  ],
  edges: [{ id: 'e1', source: 'start', sourceHandle: 'next', target: 'done' }],
};
const issues = (value: unknown) => {
  const r = WorkflowGraph.safeParse(value);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('WorkflowGraph notes and groups', () => {
  it('keeps a graph without them valid and unchanged', () => {
    expect(WorkflowGraph.parse(steps)).not.toHaveProperty('notes');
    expect(WorkflowGraph.parse(steps)).not.toHaveProperty('groups');
  });

  it('accepts a note and a group, defaulting collapsed to false', () => {
    const g = WorkflowGraph.parse({
      ...steps,
      notes: [{ id: 'note1', text: 'Billing must agree first', position: { x: 1, y: 2 }, size: { width: 240, height: 160 }, color: 'green' }],
      groups: [{ id: 'group1', label: 'Ending', nodeIds: ['done'] }],
    });
    expect(g.groups?.[0].collapsed).toBe(false);
    expect(g.notes?.[0].color).toBe('green');
  });

  it('bounds text, size, colour, label and members, field by field', () => {
    expect(issues({ ...steps, notes: [{ id: 'n1', text: 'x'.repeat(2001), position: { x: 0, y: 0 } }] })).toEqual(['notes.0.text: keep a note under 2000 characters']);
    expect(issues({ ...steps, notes: [{ id: 'n1', text: '', position: { x: 0, y: 0 }, size: { width: 119, height: 1201 } }] })).toEqual([
      'notes.0.size.width: must be at least 120',
      'notes.0.size.height: must be at most 1200',
    ]);
    expect(issues({ ...steps, notes: [{ id: 'n1', text: '', position: { x: 0, y: 0 }, color: 'orange' }] })).toEqual(['notes.0.color: must be one of yellow, blue, green, pink, grey']);
    expect(issues({ ...steps, groups: [{ id: 'g1', label: 'x'.repeat(121), nodeIds: [] }] })).toEqual([
      'groups.0.label: keep a label under 120 characters',
      'groups.0.nodeIds: a group needs at least one step',
    ]);
    const many = Array.from({ length: 501 }, (_, i) => ({ id: `note${i}`, text: '', position: { x: 0, y: 0 } }));
    expect(issues({ ...steps, notes: many })).toHaveLength(1);
  });

  it('refuses an id used by a step, a note and a group alike', () => {
    expect(
      issues({
        ...steps,
        notes: [
          { id: 'done', text: '', position: { x: 0, y: 0 } },
          { id: 'n2', text: '', position: { x: 0, y: 0 } },
        ],
        groups: [{ id: 'n2', label: 'G', nodeIds: ['start'] }],
      }),
    ).toEqual(['notes.0.id: note id done is used twice', 'groups.0.id: group id n2 is used twice']);
  });

  it('leaves notes and groups out of what a run carries', () => {
    const g = WorkflowGraph.parse({ ...steps, notes: [{ id: 'n1', text: 'hi', position: { x: 0, y: 0 } }], groups: [{ id: 'g1', label: 'G', nodeIds: ['start'] }] });
    expect(runGraph(g)).toEqual({ nodes: g.nodes, edges: g.edges });
  });
});
