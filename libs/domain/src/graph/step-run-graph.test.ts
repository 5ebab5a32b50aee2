import { describe, expect, it } from 'vitest';
import type { ActionCode } from '../catalog/action-code.schema';
import type { WorkflowGraph } from './graph.schema';
import { stepRunGraph } from './step-run-graph';

const draft: WorkflowGraph = {
  nodes: [
    { id: 'start', kind: 'start' },
    { id: 'step_run_start', kind: 'wait', wait: { type: 'duration', duration: '1m' } },
    { id: 'sms', kind: 'communication', template: 'WELCOME', schedule: { type: 'delay', duration: '1h' } },
    { id: 'gprs', kind: 'action', actionCode: 'HSS_ACTIVATE_GPRS', inputs: { apn: 'data.apn' } },
    { id: 'end', kind: 'end', result: 'completed' },
  ],
  edges: [{ id: 'e1', source: 'start', sourceHandle: 'next', target: 'sms' }],
};
const actionCodes = new Map([['HSS_ACTIVATE_GPRS', { code: 'HSS_ACTIVATE_GPRS', actionType: 'provisioning' } as ActionCode]]);

describe('the graph of running one step', () => {
  it('is start → the step → one completed end per outcome, with no schedule and no clashing id', () => {
    const built = stepRunGraph(draft, 'sms', actionCodes);
    if (!built.ok) throw new Error(built.message);
    const { nodes, edges } = built.graph;
    expect(nodes.map((n) => n.id)).toEqual(['step_run_start_2', 'sms', 'step_run_success', 'step_run_failure']);
    expect(nodes[1]).toEqual({ id: 'sms', kind: 'communication', template: 'WELCOME' });
    expect(nodes.filter((n) => n.kind === 'end').every((n) => n.kind === 'end' && n.result === 'completed')).toBe(true);
    expect(edges.map((e) => [e.source, e.sourceHandle, e.target])).toEqual([
      ['step_run_start_2', 'next', 'sms'],
      ['sms', 'success', 'step_run_success'],
      ['sms', 'failure', 'step_run_failure'],
    ]);
  });

  it("takes an action's outcomes from its action type and keeps its inputs", () => {
    const built = stepRunGraph(draft, 'gprs', actionCodes);
    if (!built.ok) throw new Error(built.message);
    expect(built.graph.nodes[1]).toMatchObject({ inputs: { apn: 'data.apn' } });
    expect(built.graph.edges.map((e) => e.sourceHandle)).toEqual(['next', 'success', 'failure', 'timeout']);
  });

  it('refuses an unknown step and steps that do not talk to a provider', () => {
    expect(stepRunGraph(draft, 'nope', actionCodes)).toEqual({ ok: false, message: 'the draft has no step nope' });
    for (const id of ['start', 'step_run_start', 'end']) {
      const refused = stepRunGraph(draft, id, actionCodes);
      expect(!refused.ok && refused.message).toMatch(/cannot be run on its own/);
    }
  });
});
