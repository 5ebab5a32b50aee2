import type { ActionCode } from '../catalog/action-code.schema';
import type { GraphEdge, GraphNode, WorkflowGraph } from '../graph/graph.schema';
import { getActionType } from '../action-types/registry';
import { outcomesOf } from '../graph/outcomes';
import { NodeName, listOf, nodeName } from './describe';
import type { WorkflowProblem } from './problem';

/**
 * The outcomes of a node, or undefined when they cannot be known because its action code (or that
 * code's action type) does not exist: that is reported once, as the unknown code, not per edge.
 */
export function knownOutcomes(node: GraphNode, actionCodes: ReadonlyMap<string, ActionCode>): string[] | undefined {
  if (node.kind === 'action') {
    const code = actionCodes.get(node.actionCode);
    if (!code || !getActionType(code.actionType)) return undefined;
  }
  return outcomesOf(node, actionCodes);
}

const FAILURE_HANDLES: Record<string, string> = { failure: 'fails', timeout: 'times out' };

/** Edges the interpreter can follow: both ends exist and the handle is one the source has. */
export function followableEdges(graph: WorkflowGraph, nodes: ReadonlyMap<string, GraphNode>, actionCodes: ReadonlyMap<string, ActionCode>): GraphEdge[] {
  return graph.edges.filter((e) => {
    const source = nodes.get(e.source);
    if (source === undefined || !nodes.has(e.target) || source.kind === 'end') return false;
    return knownOutcomes(source, actionCodes)?.includes(e.sourceHandle) ?? true;
  });
}

/** Dangling edges, unknown handles, outcomes without a path, duplicates, join/parallel arity. */
export function checkConnections(graph: WorkflowGraph, nodes: ReadonlyMap<string, GraphNode>, actionCodes: ReadonlyMap<string, ActionCode>): WorkflowProblem[] {
  const problems: WorkflowProblem[] = [];
  const bySourceHandle = new Map<string, GraphEdge[]>();
  const incomingCount = new Map<string, number>();
  const outgoingCount = new Map<string, number>();

  for (const edge of [...graph.edges].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    const source = nodes.get(edge.source);
    const target = nodes.get(edge.target);
    if (!source) {
      problems.push({
        severity: 'error',
        code: 'EDGE_SOURCE_MISSING',
        edgeId: edge.id,
        message: `Connection ${edge.id} starts at node ${edge.source}, which does not exist; delete the connection.`,
      });
      continue;
    }
    if (!target) {
      problems.push({
        severity: 'error',
        code: 'EDGE_TARGET_MISSING',
        nodeId: source.id,
        edgeId: edge.id,
        message: `The ${edge.sourceHandle} connection of ${nodeName(source)} leads to node ${edge.target}, which does not exist; connect it to another step.`,
      });
    } else if (target.kind === 'start') {
      problems.push({
        severity: 'error',
        code: 'EDGE_INTO_START',
        nodeId: source.id,
        edgeId: edge.id,
        message: `The ${edge.sourceHandle} connection of ${nodeName(source)} leads back into the start node; nothing can lead into the start.`,
      });
    }
    if (source.kind === 'end') {
      problems.push({
        severity: 'error',
        code: 'END_HAS_OUTGOING',
        nodeId: source.id,
        edgeId: edge.id,
        message: `${NodeName(source)} finishes the run, so it cannot have an outgoing connection; remove it.`,
      });
      continue;
    }
    const outcomes = knownOutcomes(source, actionCodes);
    if (outcomes && !outcomes.includes(edge.sourceHandle)) {
      problems.push({
        severity: 'error',
        code: 'UNKNOWN_HANDLE',
        nodeId: source.id,
        edgeId: edge.id,
        message: `${NodeName(source)} has a connection from outcome ${edge.sourceHandle}, which it does not have (its outcomes: ${listOf(outcomes)}).`,
      });
      continue;
    }
    const key = `${source.id}\u0000${edge.sourceHandle}`;
    const siblings = bySourceHandle.get(key) ?? [];
    if (siblings.length > 0 && source.kind !== 'parallel') {
      problems.push({
        severity: 'error',
        code: 'DUPLICATE_EDGE',
        nodeId: source.id,
        edgeId: edge.id,
        message: `${NodeName(source)} has more than one connection from outcome ${edge.sourceHandle}; a step continues one way only (use a parallel split to do several things at once).`,
      });
    }
    siblings.push(edge);
    bySourceHandle.set(key, siblings);
    outgoingCount.set(source.id, (outgoingCount.get(source.id) ?? 0) + 1);
    if (target) incomingCount.set(target.id, (incomingCount.get(target.id) ?? 0) + 1);
  }

  for (const node of nodes.values()) {
    if (node.kind === 'parallel') {
      const count = outgoingCount.get(node.id) ?? 0;
      if (count < 2) {
        problems.push({
          severity: 'error',
          code: 'PARALLEL_TOO_FEW_BRANCHES',
          nodeId: node.id,
          message: `${NodeName(node)} has ${count} outgoing connection${count === 1 ? '' : 's'}; it needs at least 2 paths to run at the same time.`,
        });
      }
      continue;
    }
    if (node.kind === 'join') {
      const count = incomingCount.get(node.id) ?? 0;
      if (count < 2) {
        problems.push({
          severity: 'error',
          code: 'JOIN_TOO_FEW_INPUTS',
          nodeId: node.id,
          message: `${NodeName(node)} has ${count} incoming connection${count === 1 ? '' : 's'}; a join waits for paths running in parallel, so it needs at least 2.`,
        });
      }
    }
    for (const handle of new Set(knownOutcomes(node, actionCodes) ?? [])) {
      if (bySourceHandle.has(`${node.id}\u0000${handle}`)) continue;
      problems.push(missingEdge(node, handle));
    }
  }
  return problems;
}

function missingEdge(node: GraphNode, handle: string): WorkflowProblem {
  if (node.kind !== 'decision' && handle in FAILURE_HANDLES) {
    return {
      severity: 'warning',
      code: 'MISSING_FAILURE_PATH',
      nodeId: node.id,
      field: `outcomes.${handle}`,
      message: `${NodeName(node)} has no connection for outcome ${handle}: if it ${FAILURE_HANDLES[handle]}, the run ends failed there.`,
    };
  }
  if (node.kind === 'decision' && handle === 'default') {
    return {
      severity: 'error',
      code: 'DECISION_NO_DEFAULT',
      nodeId: node.id,
      field: 'outcomes.default',
      message: `${NodeName(node)} has no default connection: when no branch condition is true the run would have nowhere to go. Connect its default outcome.`,
    };
  }
  const outcome = node.kind === 'decision' ? `branch ${handle}` : `outcome ${handle}`;
  return {
    severity: 'error',
    code: 'MISSING_EDGE',
    nodeId: node.id,
    field: `outcomes.${handle}`,
    message: `${NodeName(node)} has no connection for ${outcome}: connect it to the next step or to an end.`,
  };
}
