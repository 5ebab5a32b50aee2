import { since } from './patch-generation';
import { condition, proxySinks, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import { outgoingEdges, type GraphNode } from '@signalbox/domain';
import { INCIDENT_ERROR_MAX, INCIDENTS_PATCH, incidentTarget, incidentUpdate, type IncidentDecision, type OpenIncident, type RunMetricsSinks } from '@signalbox/contracts';
import { RUN_SEARCH_ATTRIBUTES } from '../search-attributes';
import type { RunContext } from './run-context';
import type { StepResult } from './step-result';

/** Node kinds whose failure parks as an incident: the ones that call a provider or a channel. */
const PARKABLE = new Set<GraphNode['kind']>(['action', 'communication']);

/** The worker's incident counter (a sink: no command, never called during replay). */
const { runMetrics } = proxySinks<RunMetricsSinks>();

/** What the walker does once an operator has decided (undefined: the run fails as before). */
export type IncidentOutcome = { action: 'retry' } | { action: 'skip'; result: StepResult } | { action: 'fail'; reason: string };

/**
 * INCIDENTS_PATCH, checked once when the run starts (one marker, before any other command): a
 * check at the failure itself would come right after the slot's release, a local activity, and a
 * history in which that activity resolved in a workflow task of its own did not replay.
 */
const enabled = new WeakMap<RunContext, boolean>();

/** Inputs an operator gave with a retry, applied over the node's evaluated inputs (read once). */
const retryInputs = new WeakMap<RunContext, Map<string, Record<string, unknown>>>();

/** The node's inputs for this execution: its expressions' values, with an operator's retry inputs on top. */
export function withRetryInputs(run: RunContext, nodeId: string, inputs: Record<string, unknown>): Record<string, unknown> {
  const given = retryInputs.get(run)?.get(nodeId);
  if (!given) return inputs;
  retryInputs.get(run)?.delete(nodeId);
  return { ...inputs, ...given };
}

/**
 * Whether an unhandled failure of this node parks (true) or fails the run (false): the node's
 * onFailure, else its action code's, else `incident`. Runs whose history predates incidents
 * (no INCIDENTS_PATCH marker) keep failing.
 */
export function parksOnFailure(run: RunContext, node: GraphNode, outcome: string): boolean {
  if (!PARKABLE.has(node.kind) || (outcome !== 'failure' && outcome !== 'timeout')) return false;
  if (outgoingEdges(run.snapshot.graph, node.id, outcome).length > 0) return false;
  const policy = node.kind === 'action' ? (node.onFailure ?? run.snapshot.actionCodes[node.actionCode]?.onFailure) : node.kind === 'communication' ? node.onFailure : undefined;
  return policy !== 'fail' && enabled.get(run) === true;
}

/**
 * The run's open incidents and the `signalbox.incident` update that resolves them. The handler is
 * registered when the run starts (before any await), so a decision is never dropped; its validator
 * refuses a decision for a node that is not parked, which Temporal then never records.
 */
export class Incidents {
  private readonly open = new Map<string, { incident: OpenIncident; decision?: IncidentDecision }>();

  constructor(private readonly run: RunContext) {
    setHandler(
      incidentUpdate,
      (decision) => {
        const target = incidentTarget(this.list(), decision);
        if (typeof target === 'string') throw new Error(target);
        const entry = this.open.get(target.nodeId);
        if (entry) entry.decision = decision;
        return { nodeId: target.nodeId, action: decision.action };
      },
      { validator: (decision) => this.validate(decision) },
    );
    enabled.set(run, since(INCIDENTS_PATCH));
  }

  private list(): OpenIncident[] {
    return [...this.open.values()].filter((e) => !e.decision).map((e) => e.incident);
  }

  private validate(decision: IncidentDecision): void {
    const target = incidentTarget(this.list(), decision);
    if (typeof target === 'string') throw new Error(target);
    if (decision.action === 'skip') {
      if (typeof decision.outcome !== 'string' || decision.outcome === '') throw new Error('a skip needs the outcome the step should take');
      if (outgoingEdges(this.run.snapshot.graph, target.nodeId, decision.outcome).length === 0 && decision.outcome !== 'success') {
        throw new Error(`node ${target.nodeId} has no ${decision.outcome} path`);
      }
    }
  }

  /** Parks the step until an operator decides; the run shows `Incident` (and the node and error) meanwhile. */
  async park(node: GraphNode, result: StepResult): Promise<IncidentOutcome> {
    const incident: OpenIncident = {
      nodeId: node.id,
      outcome: result.outcome === 'timeout' ? 'timeout' : 'failure',
      error: result.error ?? `ended with ${result.outcome}`,
      since: new Date().toISOString(),
    };
    const entry: { incident: OpenIncident; decision?: IncidentDecision } = { incident };
    this.open.set(node.id, entry);
    this.publish();
    this.run.tracker.mark(node.id, 'incident');
    this.count('opened');
    await condition(() => entry.decision !== undefined);
    this.open.delete(node.id);
    this.publish();
    const decision = entry.decision as IncidentDecision;
    this.count(decision.action);
    switch (decision.action) {
      case 'retry':
        if (decision.inputs) {
          if (!retryInputs.has(this.run)) retryInputs.set(this.run, new Map());
          retryInputs.get(this.run)?.set(node.id, decision.inputs);
        }
        return { action: 'retry' };
      case 'skip': {
        const skipped: StepResult = { outcome: decision.outcome, status: 'skipped', ...(decision.output === undefined ? {} : { output: decision.output }) };
        this.run.tracker.mark(node.id, 'skipped', { outcome: skipped.outcome, ...(skipped.output === undefined ? {} : { output: skipped.output }) });
        this.run.results[node.id] = { outcome: skipped.outcome, ...(skipped.output === undefined ? {} : { output: skipped.output }) };
        return { action: 'skip', result: skipped };
      }
      case 'fail':
        this.run.tracker.mark(node.id, incident.outcome === 'timeout' ? 'timed-out' : 'failed');
        return { action: 'fail', reason: decision.reason ?? `an operator failed the run at ${node.id} (${incident.error})` };
    }
  }

  private count(decision: 'opened' | IncidentDecision['action']): void {
    const { snapshot, test } = this.run.input;
    runMetrics.incident({ eventCode: snapshot.eventCode, version: snapshot.version, test, decision });
  }

  /** The state query and the search attributes follow the open incidents (the first one names the node). */
  private publish(): void {
    const open = [...this.open.values()].map((e) => e.incident);
    const tracker = this.run.tracker;
    if (open.length > 0) tracker.state.incidents = open;
    else delete tracker.state.incidents;
    const first = open[0];
    upsertSearchAttributes([
      { key: RUN_SEARCH_ATTRIBUTES.IncidentNode, value: first ? first.nodeId : null },
      { key: RUN_SEARCH_ATTRIBUTES.IncidentError, value: first ? first.error.slice(0, INCIDENT_ERROR_MAX) : null },
    ]);
    tracker.parked(open.length);
  }
}
