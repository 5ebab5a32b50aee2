import type { CatalogView } from '../catalog/catalog-document.schema';
import type { WorkflowGraph } from '../graph/graph.schema';
import { nodesById } from '../graph/traversal';
import { listOf, nodeName } from './describe';
import { checkGroups } from './group-checks';
import { checkLinkedEvents } from './linked-event-checks';
import { sortProblems, type WorkflowProblem } from './problem';
import { checkConnections, followableEdges } from './workflow-edge-checks';
import { checkNodeConfiguration } from './workflow-node-checks';
import { checkPaths } from './workflow-path-checks';

export interface ValidateWorkflowOptions {
  /** The event code this graph belongs to: enables the linked-event loop checks. */
  eventCode?: string;
  /** Publishing turns some warnings (provider not effective) into errors. */
  forPublish?: boolean;
  /** The shortest wait that paces a loop (default 1 s): a loop whose waits are all shorter is an error. */
  minCycleWaitMs?: number;
  /** The shortest delay that keeps a link-event from starting runs in a burst (default 1 s). */
  minLinkDelayMs?: number;
}

export const DEFAULT_MIN_CYCLE_WAIT_MS = 1_000;
export const DEFAULT_MIN_LINK_DELAY_MS = 1_000;

/**
 * Every problem with a workflow graph, each anchored to a node or edge and worded for a business
 * analyst. Sorted by node id, then code. A graph is publishable when no problem is an error.
 *
 * Severity choices: a missing `failure`/`timeout` connection is a warning (the run then ends
 * failed at that step, which is sometimes intended); a missing `success`/`next`/branch/default
 * connection is an error (the run would stop with nowhere to go). An unreachable node is a
 * warning (it never runs, so it harms nothing, but is almost always a mistake).
 */
export function validateWorkflow(graph: WorkflowGraph, catalog: CatalogView, options: ValidateWorkflowOptions = {}): WorkflowProblem[] {
  const problems: WorkflowProblem[] = [];
  const nodes = nodesById(graph);

  if (options.eventCode !== undefined && !catalog.eventCodes.has(options.eventCode)) {
    problems.push({ severity: 'error', code: 'UNKNOWN_EVENT_CODE', message: `Event code ${options.eventCode} does not exist.` });
  }

  const starts = graph.nodes.filter((n) => n.kind === 'start').sort((a, b) => (a.id < b.id ? -1 : 1));
  if (starts.length === 0) {
    problems.push({ severity: 'error', code: 'NO_START', message: 'The workflow has no start node: add one where the run begins.' });
  }
  for (const extra of starts.slice(1)) {
    problems.push({
      severity: 'error',
      code: 'MULTIPLE_START',
      nodeId: extra.id,
      message: `The workflow has ${starts.length} start nodes (${listOf(starts.map(nodeName))}); keep exactly one and delete ${nodeName(extra)}.`,
    });
  }

  for (const node of graph.nodes) problems.push(...checkNodeConfiguration(node, catalog, options));
  problems.push(...checkConnections(graph, nodes, catalog.actionCodes));
  const minWaitMs = options.minCycleWaitMs ?? DEFAULT_MIN_CYCLE_WAIT_MS;
  problems.push(...checkPaths(nodes, followableEdges(graph, nodes, catalog.actionCodes), starts.length === 1 ? starts[0] : undefined, minWaitMs));
  problems.push(...checkLinkedEvents(graph, options.eventCode, catalog.publishedGraphs, options.minLinkDelayMs ?? DEFAULT_MIN_LINK_DELAY_MS));
  // Notes are never checked: they are free text for people, not part of the workflow.
  problems.push(...checkGroups(graph, nodes));

  return sortProblems(problems);
}
