import jsonata from 'jsonata';
import { ExpressionError } from './expression-error';
import { datePictureProblem } from './date-picture';
import type { ExpressionLimits } from './expression-limits';

/** JSONata's own function object: a signature it validates arguments against, and the code. */
interface NativeFunction {
  _jsonata_function: true;
  implementation: (this: unknown, ...args: unknown[]) => unknown;
  signature?: unknown;
}

/**
 * Functions an expression may not call, bound under their own names so that no alias
 * (`$e := $eval`), partial application or higher-order use can reach the real ones: the name
 * resolves to these before JSONata's built-ins.
 */
export const REFUSED_FUNCTIONS: Readonly<Record<string, string>> = {
  eval: '$eval() is not allowed: write the expression directly',
  random: '$random() is not allowed: a run must give the same result every time it is replayed',
  shuffle: '$shuffle() is not allowed: a run must give the same result every time it is replayed',
};

const originals = new Map<string, Promise<NativeFunction>>();

/** JSONata's built-in `$name`, looked up once through JSONata itself (it exports no table). */
function original(name: string): Promise<NativeFunction> {
  let found = originals.get(name);
  if (!found) {
    found = jsonata(`$${name}`).evaluate(undefined) as Promise<NativeFunction>;
    originals.set(name, found);
  }
  return found;
}

type Guard = (limits: ExpressionLimits, fail: (message: string) => never, args: unknown[]) => unknown;

/** Checks run before the built-in, so that nothing over the bounds is ever allocated. */
const GUARDS: Record<string, Guard> = {
  pad: (limits, fail, [, width]) => {
    if (typeof width === 'number' && Math.abs(Math.trunc(width)) > limits.maxStringLength) fail(`$pad() to ${width} characters is over the limit of ${limits.maxStringLength}`);
  },
  join: (limits, fail, [strs, separator]) => {
    if (!Array.isArray(strs)) return;
    let total = typeof separator === 'string' ? separator.length * Math.max(0, strs.length - 1) : 0;
    for (const s of strs) total += typeof s === 'string' ? s.length : 0;
    if (total > limits.maxStringLength) fail(`$join() would build ${total} characters, over the limit of ${limits.maxStringLength}`);
  },
  string: (limits, fail, [value]) => checkSerialisable(value, limits, fail, '$string()'),
  clone: (limits, fail, [value]) => checkSerialisable(value, limits, fail, '$clone()'),
  toMillis: (limits, fail, [timestamp, picture]) => {
    const problem = datePictureProblem(timestamp, picture, limits);
    if (problem) fail(problem);
  },
  distinct: (limits, fail, [list]) => {
    if (Array.isArray(list) && list.length > limits.maxDistinct) fail(`$distinct() of ${list.length} values is over the limit of ${limits.maxDistinct}`);
  },
};

/** `$replace` with a text replacement: the result is measured before it is built. */
async function guardReplace(limits: ExpressionLimits, fail: (message: string) => never, args: unknown[]): Promise<void> {
  const [str, pattern, replacement, limit] = args;
  if (typeof str !== 'string' || typeof replacement !== 'string') return;
  const max = typeof limit === 'number' ? Math.max(0, Math.trunc(limit)) : Infinity;
  if (str.length + (str.length + 1) * replacement.length <= limits.maxStringLength) return;
  let length = str.length;
  let count = 0;
  if (typeof pattern === 'string' && pattern.length > 0) {
    for (let at = str.indexOf(pattern); at >= 0 && count < max; at = str.indexOf(pattern, at + pattern.length)) {
      count++;
      length += replacement.length - pattern.length;
    }
  } else if (typeof pattern === 'function') {
    type Match = { match: string; next: () => Match | undefined } | undefined;
    for (let m = (await (pattern as (s: string) => Match | Promise<Match>)(str)) as Match; m && count < max; m = m.next()) {
      count++;
      length += replacement.length - m.match.length;
    }
  }
  if (length > limits.maxStringLength) fail(`$replace() would build ${length} characters, over the limit of ${limits.maxStringLength}`);
}

/** Walks a value as JSON would, giving up as soon as its text would be over the limit. */
function checkSerialisable(value: unknown, limits: ExpressionLimits, fail: (message: string) => never, what: string): void {
  let size = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') size += v.length + 2;
    else if (Array.isArray(v)) {
      size += v.length + 2;
      for (const item of v) stack.push(item);
    } else if (typeof v === 'object' && v !== null) {
      for (const [k, item] of Object.entries(v)) {
        size += k.length + 4;
        stack.push(item);
      }
    } else size += 24;
    if (size > limits.maxStringLength) fail(`${what} would build more than ${limits.maxStringLength} characters`);
  }
}

/**
 * The bindings that replace JSONata's built-ins for one evaluation: refused functions throw,
 * size-building ones are checked first. `fail` throws the evaluator's error.
 */
export async function boundedFunctions(limits: ExpressionLimits, fail: (message: string) => never): Promise<Record<string, NativeFunction>> {
  const bindings: Record<string, NativeFunction> = {};
  for (const [name, message] of Object.entries(REFUSED_FUNCTIONS)) {
    const base = await original(name);
    bindings[name] = { ...base, implementation: () => fail(message) };
  }
  for (const [name, guard] of Object.entries(GUARDS)) {
    const base = await original(name);
    bindings[name] = {
      ...base,
      implementation(...args: unknown[]) {
        guard(limits, fail, args);
        return base.implementation.apply(this, args);
      },
    };
  }
  const replace = await original('replace');
  bindings['replace'] = {
    ...replace,
    async implementation(...args: unknown[]) {
      await guardReplace(limits, fail, args);
      return replace.implementation.apply(this, args);
    },
  };
  return bindings;
}

export function limitError(text: string, code: string): (message: string) => never {
  return (message: string) => {
    throw new ExpressionError(`${message}.`, text, undefined, code);
  };
}
