/**
 * How much work one expression may do. Every bound is enforced by the evaluator itself, so the
 * same expression is refused the same way in the API, the designer and the workflow sandbox.
 * `maxSteps` and `maxAllocated` are deterministic (the sandbox has no running clock); `timeoutMs`
 * is a backstop where a real clock exists.
 */
export interface ExpressionLimits {
  /** Evaluation steps (one per expression node evaluated, function bodies included). */
  maxSteps: number;
  /** Evaluation depth (nesting and recursion). */
  maxDepth: number;
  /** Nesting of brackets, parentheses and braces in the text, checked before parsing. */
  maxNesting: number;
  /** Wall-clock limit in ms; ignored where the clock stands still (a Temporal workflow). */
  timeoutMs: number;
  /** Longest list a single step may build. */
  maxSequence: number;
  /** Longest text a single step may build. */
  maxStringLength: number;
  /** Sum of the lengths of every list and text built during one evaluation. */
  maxAllocated: number;
  /** Longest list `$distinct` accepts (it compares every pair). */
  maxDistinct: number;
  /** Longest date/time picture, and longest text read with one, in `$toMillis(text, picture)`. */
  maxPictureLength: number;
  /**
   * Component boundaries a `$toMillis` picture may leave to be searched for (see
   * `pictureFreeBoundaries`): its backtracking match costs about `maxPictureLength` to this power.
   */
  maxPictureBoundaries: number;
}

export const DEFAULT_EXPRESSION_LIMITS: Readonly<ExpressionLimits> = {
  maxSteps: 50_000,
  maxDepth: 200,
  maxNesting: 60,
  timeoutMs: 1_000,
  maxSequence: 100_000,
  maxStringLength: 1_000_000,
  maxAllocated: 20_000_000,
  maxDistinct: 5_000,
  maxPictureLength: 64,
  maxPictureBoundaries: 4,
};

/**
 * One expression's bounds inside a run (the interpreter evaluates decisions, inputs, dates,
 * recipients and linked-event data in Temporal's workflow sandbox): the step budget is lower than
 * the default because steps are far slower there (the SDK tracks every promise, and JSONata makes
 * several per step: ~460 steps/s measured at load 13 on 2 cores, against ~80,000/s outside it at
 * load 4) and the sandbox has no clock to stop a slow one.
 * Publishing refuses an expression that needs no run data and goes over these bounds
 * (`checkExpressionCosts`), so the worker never meets one it could have been told about.
 */
export const WORKFLOW_EXPRESSION_LIMITS: Readonly<ExpressionLimits> = { ...DEFAULT_EXPRESSION_LIMITS, maxSteps: 500 };

/**
 * Steps charged for each evaluation on top of the ones it counts: parsing the text and binding the
 * bounded functions cost about as much as this many steps, and a graph of many cheap expressions
 * must not look free to a run's expression budget.
 */
export const STEPS_PER_EVALUATION = 20;

/**
 * The deepest nesting of ( [ { in an expression, ignoring quoted text. Linear and recursion-free,
 * so it is safe on any input, unlike the parser (which recurses once per level).
 */
export function nestingDepth(text: string): { depth: number; position: number } {
  let depth = 0;
  let deepest = 0;
  let position = 0;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '(' || c === '[' || c === '{') {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        position = i + 1;
      }
    } else if (c === ')' || c === ']' || c === '}') depth = Math.max(0, depth - 1);
  }
  return { depth: deepest, position };
}
