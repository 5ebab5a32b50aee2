import type { BulkStatus } from './ops.types';

/** The bulk API's longest query (its DTO refuses longer). */
export const MAX_BULK_QUERY = 2000;

/**
 * The visibility query naming exactly these runs, for a bulk operation on a hand-picked
 * selection. Run ids are made by Signalbox (`run:<EVENT>:<key>`); one carrying a quote or a
 * backslash cannot be quoted safely and is refused rather than escaped.
 */
export function selectionQuery(runIds: readonly string[]): { query: string } | { error: string } {
  if (runIds.length === 0) return { error: 'Select at least one run.' };
  const unsafe = runIds.find((id) => /['"\\]/.test(id));
  if (unsafe) return { error: `Run ${unsafe} cannot be named in a query; use “all matching” instead.` };
  const query = `WorkflowId IN (${runIds.map((id) => `'${id}'`).join(', ')})`;
  if (query.length > MAX_BULK_QUERY) return { error: `${runIds.length} runs are too many to name one by one; narrow the filters and use “all matching”.` };
  return { query };
}

/** "n of m" for a bulk operation: runs acted on (applied, refused or failed) of those it matched. */
export function bulkCounts(status: Pick<BulkStatus, 'listed' | 'applied' | 'refused' | 'failed'>, matched: number): { processed: number; total: number } {
  const processed = status.applied + status.refused + status.failed;
  // Runs can join the query's result while it pages (a run parked after the dry run): never show more done than total.
  return { processed, total: Math.max(matched, status.listed, processed) };
}

/** The filters of the incidents screen as GET /api/runs (and the bulk API's `filters`) take them. */
export interface IncidentFilters {
  eventCode: string;
  incidentNode: string;
  incidentError: string;
  /** Runs started at least this many minutes ago ('' for any). */
  olderThanMinutes: string;
}

export function incidentQuery(f: IncidentFilters, now = Date.now()): Record<string, string> {
  const out: Record<string, string> = { status: 'Incident' };
  if (f.eventCode.trim()) out.eventCode = f.eventCode.trim().toUpperCase();
  if (f.incidentNode.trim()) out.incidentNode = f.incidentNode.trim();
  if (f.incidentError.trim()) out.incidentError = f.incidentError.trim();
  const minutes = Number(f.olderThanMinutes);
  if (f.olderThanMinutes.trim() && Number.isFinite(minutes) && minutes > 0) out.to = new Date(now - minutes * 60_000).toISOString();
  return out;
}
