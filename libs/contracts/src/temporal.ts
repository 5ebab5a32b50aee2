import type { OpenIncident } from './incidents';
import type { FrozenCatalog, GraphNode, NodeResult, RunGraph, Subject } from '@signalbox/domain';
import type { RunBudget } from './run-limits';

/** Default task queue of the interpreter and its activities (TEMPORAL_TASK_QUEUE overrides). */
export const DEFAULT_TASK_QUEUE = 'signalbox';
export const DEFAULT_NAMESPACE = 'default';

/**
 * Custom search attributes. `temporal server start-dev --search-attribute` registers them in
 * development; docs/operations.md lists the `temporal operator search-attribute create` commands
 * for a real cluster.
 */
export const SEARCH_ATTRIBUTES = {
  EventCode: 'Keyword',
  EventType: 'Keyword',
  AccountId: 'Keyword',
  ServiceId: 'Keyword',
  Msisdn: 'Keyword',
  RunStatus: 'Keyword',
  WorkflowVersion: 'Int',
  IsTest: 'Bool',
  /** Set while the run is parked as an incident: the node that failed and why (cleared on resolve). */
  IncidentNode: 'Keyword',
  IncidentError: 'Keyword',
} as const;
export type SearchAttributeName = keyof typeof SEARCH_ATTRIBUTES;
/** Keys that identify a person; indexing them can be switched off (SIGNALBOX_INDEX_PERSONAL_KEYS=false). */
export const PERSONAL_SEARCH_ATTRIBUTES: readonly SearchAttributeName[] = ['Msisdn'];

/** `Incident`: a step failed with no path for it and waits for an operator (retry, skip or fail). */
export const RUN_STATUSES = ['Scheduled', 'Running', 'Waiting', 'Incident', 'Completed', 'Failed', 'Cancelled'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** Workflow ids: one run per (event code, idempotency key); Temporal's id-conflict policy does the rest. */
export function runWorkflowId(eventCode: string, idempotencyKey: string): string {
  return `run:${eventCode}:${idempotencyKey}`;
}
export function serviceQueueWorkflowId(serviceKey: string): string {
  return `service:${serviceKey}`;
}

/**
 * Everything a run needs: the graph and the catalog entries it uses, frozen when the version was
 * published (FrozenCatalog), so later publishes and catalog edits never change a published
 * version or a running instance. Provider secrets and endpoints are read live by the activity
 * that sends (histories are stored unencrypted; rotating a password needs no publish).
 */
export interface VersionSnapshot extends FrozenCatalog {
  eventCode: string;
  eventType: string;
  version: number;
  /** Steps and connections; never the canvas's notes and groups. */
  graph: RunGraph;
}

export interface RunInput {
  snapshot: VersionSnapshot;
  subject: Subject;
  data: Record<string, unknown>;
  /** Business event id (idempotency key or generated). */
  eventId: string;
  raisedAt: string;
  /** Test runs (designer) are tagged and never reach a real provider. */
  test: boolean;
  /** Set when this run was started by a link-event node of another run. */
  parentRunId?: string;
  /** How many link-events led to this run from the originating event (absent: 0, raised directly). */
  linkDepth?: number;
  /** Where to tell when the run ends failed (email address or webhook URL). */
  failureNotify?: string;
  /** Lower bounds than RUN_LIMITS for this run (see runBudget); linked runs inherit them. */
  limits?: Partial<RunBudget>;
  /**
   * Test runs of one step only ("run this step" in the designer): results of the draft's earlier
   * steps, pinned by the analyst, that `nodes.<id>` reads as if those steps had run. Absent from
   * every other run (and from histories recorded before it existed); ignored unless `test`.
   */
  seedResults?: Record<string, NodeResult>;
}

export const NODE_STATUSES = [
  'pending',
  'scheduled',
  'in-progress',
  'awaiting-network',
  'sent-to-network',
  'completed',
  'failed',
  'timed-out',
  'skipped',
  'compensated',
  'incident',
] as const;
export type NodeStatus = (typeof NODE_STATUSES)[number];

/** One actioned item: one execution of one node in a run. */
export interface NodeState {
  nodeId: string;
  kind: GraphNode['kind'];
  status: NodeStatus;
  outcome?: string;
  startedAt?: string;
  endedAt?: string;
  attempt?: number;
  input?: unknown;
  output?: unknown;
  error?: string;
  serviceOrderId?: string;
  /** The order is held for its provider's maintenance window until then (ISO date-time). */
  heldUntil?: string;
}

export interface RunState {
  status: RunStatus;
  nodes: Record<string, NodeState>;
  /** Node ids in the order they started. */
  trail: string[];
  result?: 'completed' | 'failed';
  reason?: string;
  /** Steps parked as incidents, waiting for an operator (absent when none). */
  incidents?: OpenIncident[];
}

export interface OrderResponse {
  serviceOrderId: string;
  status: 'COMPLETED' | 'FAILED';
  message?: string;
  payload?: Record<string, unknown>;
}

export interface NamedSignal {
  name: string;
  payload?: Record<string, unknown>;
}

/**
 * A business message for a run's message wait (`POST /api/messages`), by update: the run's
 * validator refuses one it is not waiting for (nothing is recorded in its history), so the API's
 * answer lists exactly the runs that took it.
 */
export interface CorrelatedMessage {
  /** The stored message's id: a run takes each message at most once. */
  messageId: string;
  name: string;
  correlationKeys: Partial<Record<string, string>>;
  payload: Record<string, unknown>;
}

/**
 * Registered workflow type names. The API starts workflows by these names with the function's
 * type imported from contracts' signatures below (scope rules keep the API out of
 * @signalbox/workflows); the worker registers functions with exactly these names.
 */
export const WORKFLOW_TYPES = {
  interpreter: 'interpreterWorkflow',
  serviceQueue: 'serviceOrderQueueWorkflow',
  smoke: 'smokeWorkflow',
  batchRun: 'batchRunWorkflow',
  bulkOperation: 'bulkOperationWorkflow',
  tmfOrder: 'tmfServiceOrderWorkflow',
  tmfHubDelivery: 'tmfHubDeliveryWorkflow',
  webhookDelivery: 'webhookDeliveryWorkflow',
  fileBatch: 'fileBatchWorkflow',
  letterBatch: 'letterBatchWorkflow',
  reconciliation: 'reconciliationWorkflow',
} as const;

export type InterpreterWorkflow = (input: RunInput) => Promise<RunState>;
export interface SmokeInput {
  message: string;
}
export type SmokeWorkflow = (input: SmokeInput) => Promise<string>;
