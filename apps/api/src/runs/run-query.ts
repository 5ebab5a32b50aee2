import { WORKFLOW_TYPES, type RunStatus } from '@signalbox/contracts';

export interface RunFilter {
  eventCode?: string;
  msisdn?: string;
  accountId?: string;
  serviceId?: string;
  status?: RunStatus;
  isTest?: boolean;
  from?: string;
  to?: string;
  incidentNode?: string;
  /** Matches incidents whose error starts with it. */
  incidentError?: string;
}

/** Visibility values are quoted; the DTO refuses quotes and backslashes, this is the second fence. */
function quote(value: string): string {
  if (/['"\\]/.test(value)) throw new Error(`unsafe value in a visibility query: ${value}`);
  return `'${value}'`;
}

/**
 * RunStatus is upserted by the run as it moves; a run that Temporal closed for it (terminated,
 * timed out, cancelled) keeps its last RunStatus, so closed states are read from ExecutionStatus too.
 */
const STATUS_CLAUSES: Record<RunStatus, string> = {
  Scheduled: `ExecutionStatus = 'Running' AND RunStatus = 'Scheduled'`,
  Running: `ExecutionStatus = 'Running' AND RunStatus = 'Running'`,
  Waiting: `ExecutionStatus = 'Running' AND RunStatus = 'Waiting'`,
  Incident: `ExecutionStatus = 'Running' AND RunStatus = 'Incident'`,
  Completed: `ExecutionStatus = 'Completed' AND RunStatus != 'Failed' AND RunStatus != 'Cancelled'`,
  Failed: `(ExecutionStatus IN ('Failed', 'Terminated', 'TimedOut') OR (ExecutionStatus = 'Completed' AND RunStatus = 'Failed'))`,
  Cancelled: `(ExecutionStatus = 'Canceled' OR (ExecutionStatus = 'Completed' AND RunStatus = 'Cancelled'))`,
};

/** The Temporal visibility query for `GET /api/runs`: interpreter runs only, newest first. */
export function runVisibilityQuery(filter: RunFilter): string {
  const clauses = [`WorkflowType = ${quote(WORKFLOW_TYPES.interpreter)}`];
  if (filter.eventCode) clauses.push(`EventCode = ${quote(filter.eventCode)}`);
  if (filter.msisdn) clauses.push(`Msisdn = ${quote(filter.msisdn)}`);
  if (filter.accountId) clauses.push(`AccountId = ${quote(filter.accountId)}`);
  if (filter.serviceId) clauses.push(`ServiceId = ${quote(filter.serviceId)}`);
  if (filter.isTest !== undefined) clauses.push(`IsTest = ${filter.isTest}`);
  if (filter.from) clauses.push(`StartTime >= ${quote(filter.from)}`);
  if (filter.to) clauses.push(`StartTime <= ${quote(filter.to)}`);
  if (filter.incidentNode) clauses.push(`IncidentNode = ${quote(filter.incidentNode)}`);
  if (filter.incidentError) clauses.push(`IncidentError STARTS_WITH ${quote(filter.incidentError)}`);
  if (filter.status) clauses.push(STATUS_CLAUSES[filter.status]);
  return clauses.join(' AND ');
}

/** The run's status from Temporal's execution status and the RunStatus it last upserted. */
export function runStatusOf(executionStatus: string | undefined, runStatus: unknown): RunStatus {
  const upserted = typeof runStatus === 'string' ? runStatus : undefined;
  switch (executionStatus) {
    case 'RUNNING':
    case 'CONTINUED_AS_NEW':
      return upserted === 'Scheduled' || upserted === 'Waiting' || upserted === 'Incident' ? upserted : 'Running';
    case 'COMPLETED':
      return upserted === 'Failed' || upserted === 'Cancelled' ? upserted : 'Completed';
    case 'CANCELLED':
      return 'Cancelled';
    default:
      return 'Failed';
  }
}

/** A parked run's incident as its search attributes name it (the first open one when several are). */
export function incidentOf(status: RunStatus, attrs: Record<string, unknown>): { nodeId: string; error: string } | undefined {
  if (status !== 'Incident' || typeof attrs.IncidentNode !== 'string') return undefined;
  return { nodeId: attrs.IncidentNode, error: typeof attrs.IncidentError === 'string' ? attrs.IncidentError : '' };
}
