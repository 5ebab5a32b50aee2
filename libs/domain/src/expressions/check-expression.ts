import jsonata from 'jsonata';
import { REFUSED_FUNCTIONS } from './bounded-functions';
import { describeJsonataFailure } from './expression-error';
import { DEFAULT_EXPRESSION_LIMITS, nestingDepth, type ExpressionLimits } from './expression-limits';
import { linearRegexProblem } from './linear-regex';

export type ExpressionCheck = { ok: true } | { ok: false; message: string; position?: number };

/**
 * Parses an expression without evaluating it, and refuses what would certainly fail when it runs:
 * nesting deeper than the evaluator allows, a regular expression RE2 cannot match in linear time,
 * a reference to a refused function (the evaluator refuses those anyway; saying so here turns a
 * run-time failure into a validation problem). `position` is the 1-based character where the
 * problem was noticed.
 */
export function checkExpression(text: string, limits: Pick<ExpressionLimits, 'maxNesting' | 'maxDepth'> = DEFAULT_EXPRESSION_LIMITS): ExpressionCheck {
  if (text.trim() === '') return { ok: false, message: 'The expression is empty.' };
  // Checked before parsing: the parser recurses once per level and must never meet 10,000 of them.
  const nesting = nestingDepth(text);
  if (nesting.depth > limits.maxNesting) {
    return { ok: false, message: `The expression nests brackets ${nesting.depth} deep, more than the ${limits.maxNesting} allowed: split it into simpler steps.`, position: nesting.position };
  }
  let ast: jsonata.ExprNode;
  try {
    ast = jsonata(text).ast();
  } catch (err) {
    const { message, position } = describeJsonataFailure(err);
    const where = position !== undefined ? ` at character ${position}` : '';
    return { ok: false, message: `The expression does not parse${where}: ${message}.`, ...(position !== undefined ? { position } : {}) };
  }
  const found = inspect(ast, Math.floor(limits.maxDepth / 2));
  if (found) return { ok: false, message: `${found.message}.`, ...(found.position !== undefined ? { position: found.position } : {}) };
  return { ok: true };
}

/**
 * Walks the syntax tree without recursion. Evaluation goes at least one level deeper per tree
 * level, so a tree deeper than half the evaluation depth is refused here (`1+1+…+1` nests this
 * way without a bracket).
 */
function inspect(root: jsonata.ExprNode, maxTreeDepth: number): { message: string; position?: number } | undefined {
  const stack: { node: unknown; depth: number }[] = [{ node: root, depth: 1 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop() as { node: unknown; depth: number };
    if (Array.isArray(node)) {
      for (const item of node) stack.push({ node: item, depth });
      continue;
    }
    if (typeof node !== 'object' || node === null || node instanceof RegExp) continue;
    const n = node as jsonata.ExprNode & { value?: unknown };
    if (depth > maxTreeDepth) return { message: `The expression nests more than ${maxTreeDepth} operations deep: split it into simpler steps`, position: n.position };
    if (n.type === 'variable' && typeof n.value === 'string' && n.value in REFUSED_FUNCTIONS) {
      return { message: REFUSED_FUNCTIONS[n.value], position: n.position };
    }
    if ((n.type as string) === 'regex' && n.value instanceof RegExp) {
      const problem = linearRegexProblem(n.value.source, n.value.flags);
      if (problem) return { message: capitalize(problem), position: n.position };
    }
    for (const value of Object.values(n)) if (typeof value === 'object' && value !== null) stack.push({ node: value, depth: depth + 1 });
  }
  return undefined;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
