import type { BatchPaging, BatchSchedule, BatchSource, BulkOperation, BulkOperationState, ProbeStatus } from '@signalbox/contracts';
import type { ServiceOrderDetail } from '../api/api-types';

/*
 * What the operations screens read from the API, for routes whose answers the OpenAPI document
 * does not describe yet (the generated types cover runs and a single service order).
 */

/** One order in GET /api/service-orders (the detail without its exchange log). */
export type ServiceOrderSummary = Omit<ServiceOrderDetail, 'exchanges'>;

/** POST /api/runs/bulk with dryRun: true. */
export interface BulkDryRun {
  dryRun: true;
  query: string;
  count: number;
  sample: string[];
}
/** POST /api/runs/bulk: the operation started. */
export interface BulkStarted {
  dryRun: false;
  id: string;
  query: string;
  count: number;
  temporalUrl: string;
}
/** GET /api/runs/bulk/{id}. */
export interface BulkStatus extends BulkOperationState {
  id: string;
  operation: BulkOperation;
  query: string;
  /** Temporal's execution status: RUNNING, COMPLETED, FAILED… */
  status: string;
  temporalUrl: string;
}

/** GET /api/batches (items) and GET /api/batches/{code}. */
export interface BatchDefinition {
  code: string;
  eventCode: string;
  description: string | null;
  source: BatchSource;
  schedule: BatchSchedule;
  paging: BatchPaging;
  createdAt: string;
  updatedAt: string;
}
/**
 * GET /api/batches/{code}: the definition, with `schedule` replaced by Temporal's view of its
 * Schedule (null when that schedule is gone); the definition's own schedule is in the list.
 */
export type BatchWithSchedule = Omit<BatchDefinition, 'schedule'> & { schedule: BatchScheduleState | null };
export interface BatchScheduleState {
  id: string;
  paused: boolean;
  note: string | null;
  remainingActions: number | null;
  nextActionTimes: string[];
  recentActions: { scheduledAt: string; takenAt: string; workflowId: string }[];
}
/** One entry of GET /api/batches/{code}/executions. */
export interface BatchExecution {
  id: string;
  workflowId: string;
  batchCode: string;
  eventCode: string;
  scheduledAt: string | null;
  startedAt: string;
  finishedAt: string | null;
  status: 'running' | 'done' | 'failed';
  subjects: number;
  started: number;
  duplicates: number;
  error: string | null;
  runs: { completed: number; failed: number; incidents: number; open: number } | null;
  runsError?: string;
}

/** GET /api/health/probes. */
export interface ProbesHealth {
  status: 'ok' | 'tripped';
  tripped: string[];
  probes: ProbeStatus[];
}
