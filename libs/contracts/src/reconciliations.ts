import { z } from 'zod';
import { ServiceTypeCode, Slug, type OrderAction } from '@signalbox/domain';
import { RECONCILIATION_LIMITS } from './reconciliation-limits';

export { RECONCILIATION_LIMITS } from './reconciliation-limits';

/*
 * Reconciliation (a "reset run"): a provider's view of each subject is read back and compared with
 * Signalbox's provisioning status (the state the provider reported after the last order Signalbox
 * completed there). Each subject gets one report line; unless it is a dry run, the orders that bring
 * the provider back in line are sent through the normal order path (the service's queue, the
 * service-order record and its exchange log, the provider's rate limit).
 */


const SubjectKey = z.string().trim().min(1).max(128).regex(/^\P{Cc}+$/u, { error: 'must be a subject key without control characters' });

export const StartReconciliation = z
  .strictObject({
    provider: Slug,
    /** Only subjects that have this service type in Signalbox's record. */
    serviceType: ServiceTypeCode.optional(),
    /** Only these subjects (service keys). Without it (and without serviceType): every subject Signalbox provisioned there. */
    subjects: z
      .array(SubjectKey)
      .min(1)
      .max(RECONCILIATION_LIMITS.maxSubjects, { error: `must list at most ${RECONCILIATION_LIMITS.maxSubjects} subjects; leave it out to take them all` })
      .optional(),
    /** Report only; send nothing. */
    dryRun: z.boolean().default(false),
  })
  .superRefine((body, ctx) => {
    if (body.subjects && new Set(body.subjects).size !== body.subjects.length) ctx.addIssue({ code: 'custom', path: ['subjects'], message: 'lists a subject twice' });
  });
export type StartReconciliation = z.infer<typeof StartReconciliation>;

export interface ReconciliationSelection {
  serviceType?: string;
  subjects?: string[];
}

export interface ReconciliationInput {
  id: string;
  provider: string;
  dryRun: boolean;
  /** Where the next page starts (carried over continue-as-new). */
  cursor?: string;
}

export type ReconciliationVerdict = 'in-sync' | 'differs' | 'missing-at-provider' | 'missing-in-signalbox' | 'unreadable';

/** What a line says about one service type of a subject. */
export interface ServiceDifference {
  serviceType: string;
  /** Signalbox's record. */
  expected: string | null;
  /** What the provider reported. */
  actual: string | null;
}

export interface PlannedOrder {
  serviceType: string;
  action: OrderAction;
}

/** A subject the page found out of line, with the orders that bring the provider back (none: reported only). */
export interface SubjectToSync {
  subjectKey: string;
  orders: PlannedOrder[];
}

export function reconciliationWorkflowId(id: string): string {
  return `reconcile:${id}`;
}

/**
 * The orders that move a provider's service from what it reports to what Signalbox recorded
 * (the simulator's and the HTTP protocol's statuses: active, suspended, deactivated, closed).
 * An empty list with a difference means no order can bring it back (e.g. closed at the provider).
 */
export function ordersToSync(expected: string | null, actual: string | null): OrderAction[] {
  if (expected === actual) return [];
  const absent = actual === null || actual === 'deactivated';
  switch (expected) {
    case 'active':
      return actual === 'suspended' ? ['R'] : absent ? ['A'] : [];
    case 'suspended':
      return actual === 'active' ? ['S'] : absent ? ['A', 'S'] : [];
    case 'deactivated':
      return actual === 'active' || actual === 'suspended' ? ['D'] : [];
    case 'closed':
      return actual === null ? [] : ['C'];
    default:
      return [];
  }
}

/** Per service type, where the provider's report differs from Signalbox's record. */
export function serviceDifferences(expected: Record<string, unknown>, actual: Record<string, unknown> | undefined): ServiceDifference[] {
  const ours = servicesOf(expected);
  const theirs = actual ? servicesOf(actual) : {};
  return Object.keys(ours)
    .sort()
    .flatMap((serviceType) => {
      const actualStatus = theirs[serviceType] ?? null;
      return ours[serviceType] === actualStatus ? [] : [{ serviceType, expected: ours[serviceType], actual: actualStatus }];
    });
}

function servicesOf(state: Record<string, unknown>): Record<string, string> {
  const services = state.services;
  if (typeof services !== 'object' || services === null || Array.isArray(services)) return {};
  return Object.fromEntries(Object.entries(services).filter((e): e is [string, string] => typeof e[1] === 'string'));
}
