import type { ActionCode } from '../catalog/action-code.schema';
import type { GraphEdge, GraphNode, WorkflowGraph } from './graph.schema';
import { outcomesOf } from './outcomes';

/** Steps that can be run on their own: they talk to a provider, which is what running one shows. */
export const STEP_RUN_KINDS = ['action', 'communication'] as const satisfies readonly GraphNode['kind'][];

export type StepRunGraph = { ok: true; graph: WorkflowGraph; node: GraphNode } | { ok: false; message: string };

/**
 * The graph of "run this step": start → a copy of step `nodeId` → one end per outcome handle (each
 * ending the run completed, so any outcome is a result to show, never an incident or a failure
 * notice). The copy keeps its inputs and settings but not its schedule: the point is to see it run
 * now. Ids of the added nodes are chosen not to clash with the draft's, so pinned results of the
 * draft's steps (`nodes.<id>`) stay readable.
 */
export function stepRunGraph(draft: WorkflowGraph, nodeId: string, actionCodes: ReadonlyMap<string, ActionCode>): StepRunGraph {
  const found = draft.nodes.find((n) => n.id === nodeId);
  if (!found) return { ok: false, message: `the draft has no step ${nodeId}` };
  if (!(STEP_RUN_KINDS as readonly string[]).includes(found.kind)) {
    return { ok: false, message: `a ${found.kind} step cannot be run on its own; only action and message steps can` };
  }
  const { schedule: _schedule, ...node } = found;
  const taken = new Set(draft.nodes.map((n) => n.id));
  const freeId = (wanted: string) => {
    let id = wanted.slice(0, 56);
    for (let i = 2; taken.has(id); i++) id = `${wanted}_${i}`;
    taken.add(id);
    return id;
  };
  const start = freeId('step_run_start');
  const nodes: GraphNode[] = [{ id: start, kind: 'start' }, node as GraphNode];
  const edges: GraphEdge[] = [{ id: 'step_run_e0', source: start, sourceHandle: 'next', target: node.id }];
  for (const outcome of outcomesOf(found, actionCodes)) {
    const end = freeId(`step_run_${outcome.replace(/[^A-Za-z0-9_-]/g, '_')}`);
    nodes.push({ id: end, kind: 'end', result: 'completed', label: `Step ended: ${outcome}` });
    edges.push({ id: `step_run_e${edges.length}`, source: node.id, sourceHandle: outcome, target: end });
  }
  return { ok: true, graph: { nodes, edges }, node: found };
}
