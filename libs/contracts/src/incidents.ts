/*
 * Incidents: an action step that failed (retries exhausted) or timed out with no edge for that
 * outcome parks the run instead of failing it, until an operator decides. The decision travels as
 * a Temporal update (incidentUpdate in messages.ts), so the caller learns whether it applied.
 */

/** Patch id of the interpreter's incident handling (runs started before it fail as they did). */
export const INCIDENTS_PATCH = 'incidents';

/** Longest IncidentError search attribute value (a Keyword is indexed whole; messages can be long). */
export const INCIDENT_ERROR_MAX = 256;

/** What an operator decides for a parked step. `nodeId` picks one when parallel paths are parked. */
export type IncidentDecision =
  | { action: 'retry'; nodeId?: string; inputs?: Record<string, unknown> }
  | { action: 'skip'; nodeId?: string; outcome: string; output?: unknown }
  | { action: 'fail'; nodeId?: string; reason?: string };
export type IncidentAction = IncidentDecision['action'];
export const INCIDENT_ACTIONS = ['retry', 'skip', 'fail'] as const satisfies readonly IncidentAction[];

/** The answer of the update: which node the decision applied to. */
export interface IncidentResolution {
  nodeId: string;
  action: IncidentAction;
}

/** A parked step as the run's state shows it. */
export interface OpenIncident {
  nodeId: string;
  outcome: 'failure' | 'timeout';
  error: string;
  since: string;
}

/** The update names an unknown node, or nothing is parked: the validator refuses it (nothing recorded). */
export function incidentTarget(open: readonly OpenIncident[], decision: IncidentDecision): OpenIncident | string {
  if (open.length === 0) return 'the run has no open incident';
  if (decision.nodeId === undefined) {
    return open.length === 1 ? open[0] : `the run has ${open.length} open incidents (${open.map((i) => i.nodeId).join(', ')}): name the node`;
  }
  return open.find((i) => i.nodeId === decision.nodeId) ?? `node ${decision.nodeId} has no open incident (open: ${open.map((i) => i.nodeId).join(', ')})`;
}
