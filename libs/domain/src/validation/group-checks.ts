import type { GraphNode, WorkflowGraph } from '../graph/graph.schema';
import { nodeName } from './describe';
import type { WorkflowProblem } from './problem';

/**
 * Groups that name a step no longer in the graph, or a step that is in two groups. Both are
 * warnings, never errors: a group only changes how the canvas draws the steps, never what a run
 * does, so a stale group must not block a publish (nor an import of a version published with
 * one), and a half-built draft must still save. The designer drops deleted steps from their
 * groups itself; these catch graphs written through the API or edited by hand.
 */
export function checkGroups(graph: Pick<WorkflowGraph, 'groups'>, nodes: ReadonlyMap<string, GraphNode>): WorkflowProblem[] {
  const problems: WorkflowProblem[] = [];
  const groupOf = new Map<string, string>();
  (graph.groups ?? []).forEach((group, i) => {
    const label = group.label.trim() ? `Group ‘${group.label.trim()}’` : `Group ${group.id}`;
    group.nodeIds.forEach((id, j) => {
      const node = nodes.get(id);
      if (!node) {
        problems.push({
          severity: 'warning',
          code: 'GROUP_UNKNOWN_NODE',
          field: `groups.${i}.nodeIds.${j}`,
          message: `${label} names step ${id}, which is not in the workflow: ungroup and group its steps again.`,
        });
        return;
      }
      const first = groupOf.get(id);
      if (first !== undefined && first !== group.id) {
        problems.push({
          severity: 'warning',
          code: 'NODE_IN_TWO_GROUPS',
          nodeId: id,
          field: `groups.${i}.nodeIds.${j}`,
          message: `${label} holds ${nodeName(node)}, which is already in group ${first}: a step belongs to one group at most.`,
        });
      } else groupOf.set(id, group.id);
    });
  });
  return problems;
}
