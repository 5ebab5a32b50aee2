import { describe, expect, it } from 'vitest';
import { demoView, linearGraph } from '../../test/workflow-fixtures';
import { isPublishable } from './problem';
import { validateWorkflow } from './validate-workflow';

const catalog = demoView();

describe('validateWorkflow: notes and groups', () => {
  it('finds nothing wrong with notes and a sound group', () => {
    const g = { ...linearGraph(), notes: [{ id: 'note1', text: '', position: { x: 0, y: 0 } }], groups: [{ id: 'group1', label: 'Provision', nodeIds: ['gprs', 'done'], collapsed: true }] };
    expect(validateWorkflow(g, catalog)).toEqual([]);
  });

  it('warns of a group naming a step that is gone, and of a step in two groups, without blocking a publish', () => {
    const g = {
      ...linearGraph(),
      groups: [
        { id: 'group1', label: 'Provision', nodeIds: ['gprs', 'gone'], collapsed: false },
        { id: 'group2', label: '', nodeIds: ['gprs'], collapsed: false },
      ],
    };
    const problems = validateWorkflow(g, catalog, { forPublish: true });
    expect(problems).toEqual([
      {
        severity: 'warning',
        code: 'GROUP_UNKNOWN_NODE',
        field: 'groups.0.nodeIds.1',
        message: 'Group ‘Provision’ names step gone, which is not in the workflow: ungroup and group its steps again.',
      },
      {
        severity: 'warning',
        code: 'NODE_IN_TWO_GROUPS',
        nodeId: 'gprs',
        field: 'groups.1.nodeIds.0',
        message: 'Group group2 holds node ‘Activate GPRS’, which is already in group group1: a step belongs to one group at most.',
      },
    ]);
    expect(isPublishable(problems)).toBe(true);
  });
});
