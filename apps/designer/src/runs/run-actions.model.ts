import type { WorkflowGraph } from '@signalbox/domain';
import type { RunState } from '@signalbox/contracts';

/** A wait-for-signal step of a run that is waiting now: the signal a user can send it. */
export interface WaitingSignal {
  nodeId: string;
  label?: string;
  signal: string;
  since?: string;
}

/** A run another run started through a link-event step. */
export interface LinkedRunRef {
  nodeId: string;
  label?: string;
  eventCode: string;
  runId: string;
}

const OPEN_STATUSES = new Set(['Scheduled', 'Running', 'Waiting', 'Incident']);

/** Whether Temporal still has the run open (signal and cancel are refused once it ended). */
export const isOpen = (status: string): boolean => OPEN_STATUSES.has(status);

/** The run's wait-for-signal steps that are waiting now, in the order the run reached them. */
export function waitingSignals(graph: WorkflowGraph | null, state: RunState | null): WaitingSignal[] {
  if (!graph || !state) return [];
  const order = new Map(state.trail.map((id, i) => [id, i]));
  const waiting: (WaitingSignal & { at: number })[] = [];
  for (const node of graph.nodes) {
    if (node.kind !== 'wait' || node.wait.type !== 'signal') continue;
    const ns = state.nodes[node.id];
    if (ns?.status !== 'in-progress') continue;
    waiting.push({ nodeId: node.id, label: node.label, signal: node.wait.signal, since: ns.startedAt, at: order.get(node.id) ?? Number.MAX_SAFE_INTEGER });
  }
  return waiting.sort((a, b) => a.at - b.at).map(({ at: _at, ...w }) => w);
}

/** Runs this run started through link-event steps, read from those steps' outputs. */
export function linkedRuns(graph: WorkflowGraph | null, state: RunState | null): LinkedRunRef[] {
  if (!graph || !state) return [];
  const refs: LinkedRunRef[] = [];
  for (const node of graph.nodes) {
    if (node.kind !== 'link-event') continue;
    const out = state.nodes[node.id]?.output as { workflowId?: unknown } | undefined;
    if (typeof out?.workflowId === 'string') refs.push({ nodeId: node.id, label: node.label, eventCode: node.eventCode, runId: out.workflowId });
  }
  return refs;
}

export const MAX_PAYLOAD_CHARS = 16_000;

/** The signal payload typed as JSON: an object, or a message saying what is wrong. */
export function parsePayload(text: string): { payload: Record<string, unknown> } | { error: string } {
  const trimmed = text.trim();
  if (!trimmed) return { payload: {} };
  if (trimmed.length > MAX_PAYLOAD_CHARS) return { error: `is longer than ${MAX_PAYLOAD_CHARS} characters` };
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    return { error: 'is not valid JSON, e.g. { "confirmedBy": "agent-7" }' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { error: 'must be a JSON object, e.g. { "confirmedBy": "agent-7" }' };
  return { payload: value as Record<string, unknown> };
}

/** A parked step and the outcomes a skip can give it (the handles that leave it, success first). */
export interface OpenIncidentView {
  nodeId: string;
  label?: string;
  error: string;
  outcome: string;
  skipOutcomes: string[];
}

export function openIncidents(graph: WorkflowGraph | null, state: RunState | null): OpenIncidentView[] {
  if (!state?.incidents) return [];
  return state.incidents.map((incident) => {
    const node = graph?.nodes.find((n) => n.id === incident.nodeId);
    const handles = new Set((graph?.edges ?? []).filter((e) => e.source === incident.nodeId).map((e) => e.sourceHandle));
    handles.add('success');
    return {
      nodeId: incident.nodeId,
      ...(node?.label ? { label: node.label } : {}),
      error: incident.error,
      outcome: incident.outcome,
      skipOutcomes: [...handles].sort((a, b) => (a === 'success' ? -1 : b === 'success' ? 1 : a.localeCompare(b))),
    };
  });
}
