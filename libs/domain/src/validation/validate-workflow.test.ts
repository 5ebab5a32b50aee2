import { describe, expect, it } from 'vitest';
import { DONE, FAILED, START, demoView, graph, linearGraph } from '../../test/workflow-fixtures';
import { isPublishable } from './problem';
import { validateWorkflow } from './validate-workflow';

const catalog = demoView();
const codes = (g: Parameters<typeof validateWorkflow>[0], options?: Parameters<typeof validateWorkflow>[2]) => validateWorkflow(g, catalog, options).map((p) => p.code);
const find = (g: Parameters<typeof validateWorkflow>[0], code: string) => validateWorkflow(g, catalog).filter((p) => p.code === code);

describe('validateWorkflow: structure', () => {
  it('finds nothing wrong in a complete linear workflow', () => {
    expect(validateWorkflow(linearGraph(), catalog)).toEqual([]);
  });

  it('needs a start node', () => {
    const problems = find(graph([DONE]), 'NO_START');
    expect(problems).toEqual([{ severity: 'error', code: 'NO_START', message: 'The workflow has no start node: add one where the run begins.' }]);
  });

  it('needs exactly one start node, and names the extra one', () => {
    const g = graph([START, { id: 'start2', kind: 'start' }, DONE], [['start', 'next', 'done'], ['start2', 'next', 'done']]);
    const problems = find(g, 'MULTIPLE_START');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ nodeId: 'start2', severity: 'error' });
    expect(problems[0].message).toBe('The workflow has 2 start nodes (node ‘Start’ and start node start2); keep exactly one and delete start node start2.');
    expect(codes(linearGraph())).not.toContain('MULTIPLE_START');
  });

  it('reports a success outcome with no connection as an error', () => {
    const g = graph([START, { id: 'gprs', kind: 'action', label: 'Activate GPRS', actionCode: 'HSS_ACTIVATE_GPRS' }, FAILED], [
      ['start', 'next', 'gprs'],
      ['gprs', 'failure', 'failed'],
      ['gprs', 'timeout', 'failed'],
    ]);
    expect(find(g, 'MISSING_EDGE')).toEqual([
      {
        severity: 'error',
        code: 'MISSING_EDGE',
        nodeId: 'gprs',
        field: 'outcomes.success',
        message: 'Node ‘Activate GPRS’ has no connection for outcome success: connect it to the next step or to an end.',
      },
    ]);
  });

  it('warns that a missing failure or timeout path ends the run failed', () => {
    const g = graph([START, { id: 'gprs', kind: 'action', label: 'Activate GPRS', actionCode: 'HSS_ACTIVATE_GPRS' }, DONE], [
      ['start', 'next', 'gprs'],
      ['gprs', 'success', 'done'],
    ]);
    const problems = validateWorkflow(g, catalog);
    expect(problems.map((p) => [p.code, p.severity, p.field])).toEqual([
      ['MISSING_FAILURE_PATH', 'warning', 'outcomes.failure'],
      ['MISSING_FAILURE_PATH', 'warning', 'outcomes.timeout'],
    ]);
    expect(problems[0].message).toBe('Node ‘Activate GPRS’ has no connection for outcome failure: if it fails, the run ends failed there.');
    expect(problems[1].message).toContain('if it times out, the run ends failed there');
    expect(isPublishable(problems)).toBe(true);
  });

  it('refuses two connections from the same outcome, except from a parallel split', () => {
    const g = graph([START, { id: 'gprs', kind: 'action', label: 'Activate GPRS', actionCode: 'HSS_ACTIVATE_GPRS' }, DONE, FAILED], [
      ['start', 'next', 'gprs'],
      ['gprs', 'success', 'done'],
      ['gprs', 'success', 'failed'],
      ['gprs', 'failure', 'failed'],
      ['gprs', 'timeout', 'failed'],
    ]);
    expect(find(g, 'DUPLICATE_EDGE')).toEqual([expect.objectContaining({ nodeId: 'gprs', edgeId: 'gprs--success-2', message: expect.stringContaining('Node ‘Activate GPRS’ has more than one connection from outcome success') })]);

    const parallel = graph([START, { id: 'split', kind: 'parallel', label: 'Both' }, { id: 'join', kind: 'join' }, DONE], [
      ['start', 'next', 'split'],
      ['split', 'next', 'join'],
      ['split', 'next', 'join'],
      ['join', 'next', 'done'],
    ]);
    expect(validateWorkflow(parallel, catalog)).toEqual([]);
  });

  it('reports connections to or from nodes that do not exist', () => {
    const g = linearGraph();
    g.edges.push({ id: 'ghost-in', source: 'nowhere', sourceHandle: 'next', target: 'done' });
    g.edges.find((e) => e.id === 'gprs--timeout')!.target = 'vanished';
    const problems = validateWorkflow(g, catalog);
    expect(problems.find((p) => p.code === 'EDGE_SOURCE_MISSING')).toMatchObject({ edgeId: 'ghost-in', message: 'Connection ghost-in starts at node nowhere, which does not exist; delete the connection.' });
    expect(problems.find((p) => p.code === 'EDGE_TARGET_MISSING')).toMatchObject({
      nodeId: 'gprs',
      edgeId: 'gprs--timeout',
      message: 'The timeout connection of node ‘Activate GPRS’ leads to node vanished, which does not exist; connect it to another step.',
    });
  });

  it('reports a connection from an outcome the node does not have', () => {
    const g = linearGraph();
    g.edges.push({ id: 'odd', source: 'gprs', sourceHandle: 'maybe', target: 'done' });
    expect(find(g, 'UNKNOWN_HANDLE')).toEqual([
      expect.objectContaining({ nodeId: 'gprs', edgeId: 'odd', message: 'Node ‘Activate GPRS’ has a connection from outcome maybe, which it does not have (its outcomes: success, failure and timeout).' }),
    ]);
  });

  it('refuses connections into the start node and out of an end node', () => {
    const g = linearGraph();
    g.edges.push({ id: 'back', source: 'done', sourceHandle: 'next', target: 'start' });
    const problems = validateWorkflow(g, catalog);
    expect(problems.find((p) => p.code === 'END_HAS_OUTGOING')).toMatchObject({ nodeId: 'done', edgeId: 'back', message: expect.stringContaining('Node ‘Done’ finishes the run') });
    expect(problems.find((p) => p.code === 'EDGE_INTO_START')).toMatchObject({ edgeId: 'back' });
    expect(codes(linearGraph())).not.toContain('END_HAS_OUTGOING');
  });

  it('warns about a node that cannot be reached', () => {
    const g = linearGraph();
    g.nodes.push({ id: 'orphan', kind: 'communication', label: 'Lost SMS', template: 'WELCOME_SMS' });
    g.edges.push({ id: 'orphan-ok', source: 'orphan', sourceHandle: 'success', target: 'done' }, { id: 'orphan-ko', source: 'orphan', sourceHandle: 'failure', target: 'done' });
    expect(find(g, 'UNREACHABLE')).toEqual([
      { severity: 'warning', code: 'UNREACHABLE', nodeId: 'orphan', message: 'Node ‘Lost SMS’ cannot be reached from the start, so it never runs; connect it or delete it.' },
    ]);
  });

  it('reports nodes from which no end can be reached', () => {
    const g = graph(
      [START, { id: 'gprs', kind: 'action', label: 'Activate GPRS', actionCode: 'HSS_ACTIVATE_GPRS' }, { id: 'hold', kind: 'wait', label: 'Hold', wait: { type: 'duration', duration: '1m' } }, FAILED],
      [
        ['start', 'next', 'gprs'],
        ['gprs', 'success', 'hold'],
        ['hold', 'next', 'hold'],
        ['gprs', 'failure', 'failed'],
        ['gprs', 'timeout', 'failed'],
      ],
    );
    const problems = find(g, 'NO_PATH_TO_END');
    expect(problems.map((p) => p.nodeId)).toEqual(['hold']);
    expect(problems[0].message).toBe('No end can be reached from node ‘Hold’: a run passing through it would never finish. Give it a path to an end node.');
  });

  it('reports a loop with no wait in it, but accepts one with a wait or a scheduled delay', () => {
    const loop = (extra: object = {}) =>
      graph(
        [
          START,
          { id: 'gprs', kind: 'action', label: 'Activate GPRS', actionCode: 'HSS_ACTIVATE_GPRS', ...extra },
          { id: 'again', kind: 'decision', label: 'Try again?', branches: [{ id: 'retry', condition: 'data.retry' }] },
          DONE,
        ],
        [
          ['start', 'next', 'gprs'],
          ['gprs', 'success', 'done'],
          ['gprs', 'failure', 'again'],
          ['gprs', 'timeout', 'again'],
          ['again', 'retry', 'gprs'],
          ['again', 'default', 'done'],
        ],
      );
    expect(find(loop(), 'CYCLE_WITHOUT_WAIT')).toEqual([
      {
        severity: 'error',
        code: 'CYCLE_WITHOUT_WAIT',
        nodeId: 'again',
        message: 'Node ‘Try again?’ and node ‘Activate GPRS’ form a loop with no wait or delay in it: a run would repeat them without pause. Add a wait node to the loop.',
      },
    ]);
    expect(codes(loop({ schedule: { type: 'delay', duration: '5m' } }))).toEqual([]);
  });

  it('needs a default connection and distinct branch ids on a decision', () => {
    const g = graph(
      [
        START,
        {
          id: 'big',
          kind: 'decision',
          label: 'Big top-up?',
          branches: [
            { id: 'yes', condition: 'data.amount >= 20' },
            { id: 'yes', condition: 'data.amount >= 50' },
          ],
        },
        DONE,
      ],
      [
        ['start', 'next', 'big'],
        ['big', 'yes', 'done'],
      ],
    );
    const problems = validateWorkflow(g, catalog);
    expect(problems.find((p) => p.code === 'DECISION_NO_DEFAULT')).toMatchObject({ nodeId: 'big', message: expect.stringContaining('Node ‘Big top-up?’ has no default connection') });
    expect(problems.find((p) => p.code === 'DUPLICATE_BRANCH')).toMatchObject({ field: 'branches.1.id', message: 'Node ‘Big top-up?’ has two branches with the id yes; give each branch its own id.' });
    expect(problems.filter((p) => p.code === 'MISSING_EDGE')).toEqual([]);

    const fine = graph([START, { id: 'big', kind: 'decision', label: 'Big top-up?', branches: [{ id: 'yes', condition: 'data.amount >= 20' }] }, DONE], [
      ['start', 'next', 'big'],
      ['big', 'yes', 'done'],
      ['big', 'default', 'done'],
    ]);
    expect(validateWorkflow(fine, catalog)).toEqual([]);
  });

  it('reports a decision branch with no connection, naming the branch', () => {
    const g = graph([START, { id: 'big', kind: 'decision', label: 'Big top-up?', branches: [{ id: 'yes', condition: 'true' }] }, DONE], [
      ['start', 'next', 'big'],
      ['big', 'default', 'done'],
    ]);
    expect(find(g, 'MISSING_EDGE')[0].message).toBe('Node ‘Big top-up?’ has no connection for branch yes: connect it to the next step or to an end.');
  });

  it('needs two paths out of a parallel split and two into a join', () => {
    const g = graph([START, { id: 'split', kind: 'parallel', label: 'Split' }, { id: 'join', kind: 'join', label: 'Merge' }, DONE], [
      ['start', 'next', 'split'],
      ['split', 'next', 'join'],
      ['join', 'next', 'done'],
    ]);
    const problems = validateWorkflow(g, catalog);
    expect(problems.find((p) => p.code === 'PARALLEL_TOO_FEW_BRANCHES')?.message).toBe('Node ‘Split’ has 1 outgoing connection; it needs at least 2 paths to run at the same time.');
    expect(problems.find((p) => p.code === 'JOIN_TOO_FEW_INPUTS')?.message).toBe('Node ‘Merge’ has 1 incoming connection; a join waits for paths running in parallel, so it needs at least 2.');
  });

  it('names an unlabelled node by its kind and id', () => {
    const g = graph([START, { id: 'n7', kind: 'action', actionCode: 'NOPE_CODE' }, DONE], [['start', 'next', 'n7'], ['n7', 'success', 'done'], ['n7', 'failure', 'done']]);
    expect(find(g, 'UNKNOWN_ACTION_CODE')[0].message).toBe('Action n7 uses action code NOPE_CODE, which does not exist.');
  });

  it('sorts problems by node, then code, and gives the same list every time', () => {
    const g = graph([{ id: 'z', kind: 'action', actionCode: 'NOPE_CODE' }, { id: 'a', kind: 'join' }], []);
    const problems = validateWorkflow(g, catalog);
    expect(problems.map((p) => `${p.nodeId ?? '-'}:${p.code}`)).toEqual([
      '-:NO_START',
      'a:JOIN_TOO_FEW_INPUTS',
      'a:MISSING_EDGE',
      // Its outcomes are unknown until the action code exists, so only the code is reported.
      'z:UNKNOWN_ACTION_CODE',
    ]);
    expect(validateWorkflow(structuredClone(g), catalog)).toEqual(problems);
    expect(isPublishable(problems)).toBe(false);
  });
});
