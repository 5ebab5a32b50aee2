/**
 * Bounds on one run, well inside Temporal's own (51,200 history events, 50 MB of history), so a
 * graph that loops fails with a clear reason instead of being cut off by the server.
 */
export const RUN_LIMITS = {
  /** Node executions per run. */
  maxSteps: 5_000,
  /** History events: past this the run fails at its next step. */
  maxHistoryEvents: 20_000,
  /** History size in bytes. */
  maxHistoryBytes: 20 * 1024 * 1024,
  /** Runs started by link-events in a chain from one originating event. */
  maxLinkDepth: 8,
  /** A link-event's run never starts sooner than this after the node runs. */
  minLinkDelayMs: 1_000,
} as const;
