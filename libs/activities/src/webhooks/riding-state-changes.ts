import { Context } from '@temporalio/activity';
import type { RunStateChange } from '@signalbox/contracts';
import type { ActionActivity } from '../activity.types';

/**
 * An action activity that first writes the run state changes its request carries (the run's
 * pending webhook events, run-state-events.ts in the workflows lib) and says so in its answer. A
 * failed write never fails the action: the answer then leaves `stateChangesRecorded` out and the
 * run writes them itself. Writes are idempotent by event id, so a retried attempt repeats nothing.
 */
export function ridingStateChanges(record: (change: RunStateChange) => Promise<void>) {
  return (activity: ActionActivity): ActionActivity =>
    async (req) => {
      const recorded = req.stateChanges?.length ? await recordAll(record, req.stateChanges) : false;
      const result = await activity(req);
      return recorded ? { ...result, stateChangesRecorded: true } : result;
    };
}

async function recordAll(record: (change: RunStateChange) => Promise<void>, changes: RunStateChange[]): Promise<boolean> {
  try {
    for (const change of changes) await record(change);
    return true;
  } catch (err) {
    Context.current().log.warn(`run state changes not written here, the run writes them: ${err instanceof Error ? err.message : String(err)}`);
    return false;
  }
}
