import jsonata from 'jsonata';
import { checkExpression } from './check-expression';
import type { ExpressionContext } from './expression-context';
import { ExpressionError, describeJsonataFailure } from './expression-error';

export interface EvaluateOptions {
  /** Evaluation steps before giving up (guards loops; works inside Temporal's sandbox, where time stands still). */
  maxSteps?: number;
  /** Maximum nesting/recursion depth. */
  maxDepth?: number;
  /** Wall-clock limit in ms (only meaningful outside a workflow sandbox). */
  timeoutMs?: number;
  /** Largest list an expression may build. */
  maxSequence?: number;
}

const DEFAULTS: Required<EvaluateOptions> = { maxSteps: 100_000, maxDepth: 200, timeoutMs: 1_000, maxSequence: 100_000 };
const ENTRY_HOOK = Symbol.for('jsonata.__evaluate_entry');

/**
 * Evaluates a JSONata expression against the run context. The expression sees only the context:
 * JSONata has no access to globals, `$random`/`$eval` are refused, and `$now()`/`$millis()` return
 * `context.now`. The result is plain JSON (JSONata's internal sequences are unwrapped).
 * Throws `ExpressionError` with an analyst-readable message.
 */
export async function evaluateExpression(text: string, context: ExpressionContext, options: EvaluateOptions = {}): Promise<unknown> {
  const check = checkExpression(text);
  if (!check.ok) throw new ExpressionError(check.message, text, check.position);
  const limits = { ...DEFAULTS, ...options };
  const expr = jsonata(text, { stack: limits.maxDepth, timeout: limits.timeoutMs, sequence: limits.maxSequence });
  let steps = 0;
  // JSONata looks this hook up by symbol before every evaluation step.
  expr.assign(ENTRY_HOOK as unknown as string, () => {
    steps += 1;
    if (steps > limits.maxSteps) throw new ExpressionError('The expression took too many steps to evaluate (is there a loop?).', text, undefined, 'STEPS');
  });
  bindClock(expr, context.now, text);
  let result: unknown;
  try {
    result = await expr.evaluate(context);
  } catch (err) {
    const { message, position, code } = describeJsonataFailure(err);
    if (err instanceof ExpressionError) throw err;
    throw new ExpressionError(`The expression could not be evaluated: ${message}.`, text, position, code);
  }
  return toPlain(result, text);
}

function bindClock(expr: jsonata.Expression, now: string | undefined, text: string): void {
  const millis = now === undefined ? undefined : Date.parse(now);
  const current = (): number => {
    if (millis === undefined || Number.isNaN(millis)) {
      throw new ExpressionError('$now() and $millis() need the current time, which this context does not provide.', text, undefined, 'NO_CLOCK');
    }
    return millis;
  };
  expr.assign('millis', () => current());
  expr.assign('now', async (picture?: string, timezone?: string) => {
    const ms = current();
    if (picture === undefined && timezone === undefined) return new Date(ms).toISOString();
    return jsonata('$fromMillis($ms, $picture, $tz)').evaluate({}, { ms, picture, tz: timezone });
  });
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
