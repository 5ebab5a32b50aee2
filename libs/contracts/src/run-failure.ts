import type { RunState } from './temporal';

/**
 * A run that ends failed fails its Temporal workflow too (so the Temporal UI's failure filters
 * show it) with an ApplicationFailure of this type, non-retryable, whose first detail is the
 * run's final `RunState`: the API's run view reads it from the close event.
 */
export const RUN_FAILED_ERROR_TYPE = 'SignalboxRunFailed';

/** Patch id guarding that change for runs started before it (they still complete with a failed RunState). */
export const RUN_FAILED_STATUS_PATCH = 'run-failed-status';

/** The details a failed run's ApplicationFailure carries, in order. */
export type RunFailedDetails = [RunState];
