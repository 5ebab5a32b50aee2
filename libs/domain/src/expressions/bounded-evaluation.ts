import jsonata from 'jsonata';
import { boundedFunctions, limitError } from './bounded-functions';
import type { ExpressionContext } from './expression-context';
import type { StepMeter } from './evaluate-expression';
import { ExpressionError, describeJsonataFailure } from './expression-error';
import type { ExpressionLimits } from './expression-limits';
import { LinearRegExp } from './linear-regex';

const ENTRY_HOOK = Symbol.for('jsonata.__evaluate_entry');
const EXIT_HOOK = Symbol.for('jsonata.__evaluate_exit');

/**
 * Evaluates an expression that has already passed `checkExpression`, within `limits`: refused
 * functions are bound over JSONata's built-ins, steps and allocations are counted by JSONata's
 * entry/exit hooks, regular expressions run on RE2. Not exported from the library: callers go
 * through `evaluateExpression`, which checks first.
 */
export async function evaluateBounded(text: string, context: ExpressionContext, limits: ExpressionLimits, meter?: StepMeter): Promise<unknown> {
  const expr = jsonata(text, {
    stack: limits.maxDepth,
    timeout: limits.timeoutMs,
    sequence: limits.maxSequence,
    // RE2 stands in for RegExp: JSONata only constructs it and calls exec/lastIndex.
    RegexEngine: LinearRegExp as unknown as RegExpConstructor,
  });
  const fail = limitError(text, 'LIMIT');
  let steps = 0;
  let allocated = 0;
  // JSONata looks these hooks up by symbol before and after every evaluation step.
  expr.assign(ENTRY_HOOK as unknown as string, () => {
    steps += 1;
    if (steps > limits.maxSteps) throw new ExpressionError(`The expression took more than ${limits.maxSteps} steps to evaluate (is there a loop?).`, text, undefined, 'STEPS');
  });
  expr.assign(EXIT_HOOK as unknown as string, (_node: unknown, _input: unknown, _env: unknown, result: unknown) => {
    if (typeof result === 'string') {
      if (result.length > limits.maxStringLength) fail(`The expression builds a text of ${result.length} characters, over the limit of ${limits.maxStringLength}`);
      allocated += result.length;
    } else if (Array.isArray(result)) {
      if (result.length > limits.maxSequence) fail(`The expression builds a list of ${result.length} values, over the limit of ${limits.maxSequence}`);
      allocated += result.length;
    }
    if (allocated > limits.maxAllocated) fail(`The expression builds more than ${limits.maxAllocated} values and characters in all, over the limit`);
  });
  for (const [name, fn] of Object.entries(await boundedFunctions(limits, fail))) expr.assign(name, fn);
  bindClock(expr, context.now, text);
  try {
    return await expr.evaluate(context);
  } catch (err) {
    if (err instanceof ExpressionError) throw err;
    const { message, position, code } = describeJsonataFailure(err);
    throw new ExpressionError(`The expression could not be evaluated: ${message}.`, text, position, code);
  } finally {
    if (meter) meter.steps += steps;
  }
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
