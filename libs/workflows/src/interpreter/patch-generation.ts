import { patched } from '@temporalio/workflow';

/**
 * The interpreter's current patch generation. A run that records it takes every branch guarded by
 * `since()` without recording each patch of its own: every `patched()` costs a marker and a
 * `TemporalChangeVersion` search-attribute upsert in the run's history, two events each, and a run
 * of the six-step flow used to record five or six of them. Runs (and histories) without it decide
 * patch by patch as before.
 *
 * To add a behaviour change later: guard it with `since('<new-id>')` as usual (a run of this
 * generation records the new id on its own). To fold the patches of today into a later
 * generation, make that generation's id the constant below and keep this one in `since()`'s
 * chain: a generation implies every patch that existed when it was introduced, never a later one.
 */
export const PATCH_GENERATION = 'slot-rows';

/**
 * Patch ids folded into PATCH_GENERATION: they existed when it was introduced, so a run of that
 * generation has them all. A later patch must not be listed here (a run recorded with the
 * generation alone never took its branch).
 */
const FOLDED = new Set([
  'lean-order-path',
  'incidents',
  'run-state-events',
  'run-history-budget',
  'run-failed-status',
  'run-expression-budget',
  'settle-from-order-record',
  'every-order-kind-queued',
  'service-transition-actions',
  'service-type-permitted',
  'provider-sync-mode',
  'maintenance-window-hold',
  'provider-task-queues',
]);

/**
 * `patched(patchId)` for a patch folded into the current generation: true for a run of that
 * generation (no marker of its own), else whatever `patched(patchId)` says.
 */
export function since(patchId: string): boolean {
  if (!FOLDED.has(patchId)) return patched(patchId);
  return patched(PATCH_GENERATION) || patched(patchId);
}
