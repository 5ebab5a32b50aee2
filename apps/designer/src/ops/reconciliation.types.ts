import type { ReconciliationVerdict, ServiceDifference } from '@signalbox/contracts';

/** GET /api/reconciliations/{id}, as the screen reads it. */
export interface ReconciliationView {
  id: string;
  provider: string;
  dryRun: boolean;
  status: 'running' | 'done' | 'failed';
  requestedBy: string;
  startedAt: string;
  finishedAt: string | null;
  error: string | null;
  selection: { serviceType?: string; subjects?: string[] };
  counts: Record<'subjects' | 'inSync' | 'differs' | 'missingAtProvider' | 'missingInSignalbox' | 'unreadable' | 'synced' | 'syncFailed' | 'unresolvable', number>;
  lines: {
    subjectKey: string;
    verdict: ReconciliationVerdict;
    differences: ServiceDifference[];
    sync: string;
    detail: string | null;
    orders: { serviceOrderId: string; action: string; state: string }[];
  }[];
  nextAfter: string | null;
  temporalUrl: string;
}

export type ReconciliationSummary = Omit<ReconciliationView, 'counts' | 'lines' | 'nextAfter' | 'temporalUrl'>;
