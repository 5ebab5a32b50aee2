import { evaluateBounded } from './bounded-evaluation';
import { checkExpression } from './check-expression';
import type { ExpressionContext } from './expression-context';
import { ExpressionError } from './expression-error';
import { DEFAULT_EXPRESSION_LIMITS, STEPS_PER_EVALUATION, type ExpressionLimits } from './expression-limits';

/** Counts the steps evaluations take, for a budget that spans many of them (a run's). */
export interface StepMeter {
  steps: number;
}

export type EvaluateOptions = Partial<ExpressionLimits> & {
  /** Charged with every step taken, plus `STEPS_PER_EVALUATION`, whether the evaluation succeeds or not. */
  meter?: StepMeter;
};

/**
 * Evaluates a JSONata expression against the run context. The expression sees only the context:
 * JSONata has no access to globals; `$eval`, `$random` and `$shuffle` are bound to functions that
 * refuse (so no alias reaches the real ones), `$now()`/`$millis()` return `context.now`, regular
 * expressions run on RE2 and every evaluation is bounded (see `ExpressionLimits`). The result is
 * plain JSON (JSONata's internal sequences are unwrapped).
 * Throws `ExpressionError` with an analyst-readable message.
 */
export async function evaluateExpression(text: string, context: ExpressionContext, options: EvaluateOptions = {}): Promise<unknown> {
  const { meter, ...bounds } = options;
  const limits: ExpressionLimits = { ...DEFAULT_EXPRESSION_LIMITS, ...bounds };
  if (meter) meter.steps += STEPS_PER_EVALUATION;
  const check = checkExpression(text, limits);
  if (!check.ok) throw new ExpressionError(check.message, text, check.position);
  return toPlain(await evaluateBounded(text, context, limits, meter), text);
}

/** JSONata results may be internal sequences or functions; callers get plain JSON values. */
function toPlain(value: unknown, text: string): unknown {
  if (typeof value === 'function') throw new ExpressionError('The expression evaluates to a function, not a value.', text);
  if (Array.isArray(value)) return value.map((v) => toPlain(v, text));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toPlain(v, text);
    return out;
  }
  return value;
}

/** JSONata truthiness, for decision conditions: false, 0, "", null, undefined and empty lists are false. */
export async function evaluateCondition(text: string, context: ExpressionContext, options?: EvaluateOptions): Promise<boolean> {
  return isTruthy(await evaluateExpression(text, context, options));
}

export function isTruthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(isTruthy);
  if (typeof value === 'object' && value !== null) return Object.keys(value).length > 0;
  return Boolean(value);
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Evaluates a computed date (`schedule.at`, wait `until`): the expression must give an ISO date(-time)
 * or epoch milliseconds. Returns epoch milliseconds.
 */
export async function evaluateDate(text: string, context: ExpressionContext, options?: EvaluateOptions): Promise<number> {
  const value = await evaluateExpression(text, context, options);
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return value;
    throw new ExpressionError(`The date expression gives ${value}, which is not a date.`, text, undefined, 'NOT_A_DATE');
  }
  if (typeof value === 'string' && ISO_DATE.test(value.trim())) {
    const ms = Date.parse(value.trim());
    if (!Number.isNaN(ms)) return ms;
  }
  const shown = value === undefined ? 'nothing (a value it refers to is missing)' : JSON.stringify(value);
  throw new ExpressionError(
    `The date expression gives ${shown}, which is not a date: it must give an ISO date-time such as 2026-12-01T09:00:00Z or epoch milliseconds.`,
    text,
    undefined,
    'NOT_A_DATE',
  );
}
