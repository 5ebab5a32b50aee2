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
  /**
   * Expression steps (JSONata's, plus a charge per evaluation) a run may take inside the workflow
   * sandbox; past them it evaluates each expression in a local activity instead. In the sandbox a
   * step is ~100 times slower than outside, and a worker that picks a run up again replays every
   * sandbox evaluation inside one workflow task: this keeps a single task and a full replay within
   * a few seconds, whatever the graph (measured ~460 sandbox steps/s at load 13 on 2 cores, and the
   * SDK stops a workflow task's script after 5 s; docs/architecture.md, "Expression budget").
   */
  maxExpressionSteps: 1_000,
  /** Runs started by link-events in a chain from one originating event. */
  maxLinkDepth: 8,
  /** A link-event's run never starts sooner than this after the node runs. */
  minLinkDelayMs: 1_000,
} as const;

/** The bounds the interpreter enforces on one run. */
export interface RunBudget {
  maxSteps: number;
  maxHistoryEvents: number;
  maxHistoryBytes: number;
  maxExpressionSteps: number;
}

/**
 * The budget of a run whose input asks for lower bounds (a test, or an operator starting a run by
 * hand to contain a suspect graph): each bound is the lower of the request and RUN_LIMITS, so an
 * input can tighten the budget but never lift it. Pure, for the workflow sandbox.
 */
export function runBudget(requested?: Partial<RunBudget>): RunBudget {
  const lower = (limit: number, asked: number | undefined) => (Number.isInteger(asked) && (asked as number) > 0 ? Math.min(limit, asked as number) : limit);
  return {
    maxSteps: lower(RUN_LIMITS.maxSteps, requested?.maxSteps),
    maxHistoryEvents: lower(RUN_LIMITS.maxHistoryEvents, requested?.maxHistoryEvents),
    maxHistoryBytes: lower(RUN_LIMITS.maxHistoryBytes, requested?.maxHistoryBytes),
    maxExpressionSteps: lower(RUN_LIMITS.maxExpressionSteps, requested?.maxExpressionSteps),
  };
}

/**
 * Patch id, checked only when a run's sandbox budget for expressions (`maxExpressionSteps`) has run
 * out, so runs that stay inside it record no marker: from then on the run evaluates each expression
 * in a local activity. Runs started before it (their histories have no marker there) keep
 * evaluating in the sandbox, as they ran.
 */
export const RUN_EXPRESSION_BUDGET_PATCH = 'run-expression-budget';
