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
 * generation, add it at the head of GENERATIONS with every id it implies (the older generations
 * included) and make it PATCH_GENERATION.
 */
export const PATCH_GENERATION = 'riding-bookkeeping';

/**
 * Generations, newest first, each with the patch ids it implies. A generation implies every patch
 * that existed when it was introduced, never a later one: a run recorded with a generation alone
 * never took the branch of a later patch.
 */
/** The patches that existed when the first generation (`slot-rows`) was introduced. */
const BEFORE_SLOT_ROWS = [
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
];

const GENERATIONS: readonly { id: string; folds: ReadonlySet<string> }[] = [
  // A message rendered by the activity that sends it; the run's state changes written by the
  // activity the run calls next (run-state-events.ts) rather than by local activities of their own.
  { id: 'riding-bookkeeping', folds: new Set(['slot-in-order', 'slot-rows', ...BEFORE_SLOT_ROWS]) },
  // An order's slot taken by the order's own activity when nothing stands between the slot and the send.
  { id: 'slot-in-order', folds: new Set(['slot-rows', ...BEFORE_SLOT_ROWS]) },
  // Order slots as database rows.
  { id: 'slot-rows', folds: new Set(BEFORE_SLOT_ROWS) },
];

/**
 * `patched(patchId)` for an interpreter patch: true for a run of a generation that implies it
 * (no marker of its own; the newest generation is asked first, so a new run records only it),
 * else whatever `patched(patchId)` says.
 */
export function since(patchId: string): boolean {
  for (const generation of GENERATIONS) {
    if (generation.folds.has(patchId) && patched(generation.id)) return true;
  }
  return patched(patchId);
}
