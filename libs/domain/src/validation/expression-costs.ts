import { checkExpression } from '../expressions/check-expression';
import { isContextFree } from '../expressions/context-free';
import { buildExpressionContext } from '../expressions/expression-context';
import { ExpressionError } from '../expressions/expression-error';
import { evaluateExpression } from '../expressions/evaluate-expression';
import { WORKFLOW_EXPRESSION_LIMITS } from '../expressions/expression-limits';
import type { WorkflowGraph } from '../graph/graph.schema';
import { lowerFirst, nodeName } from './describe';
import { nodeExpressions } from './node-expressions';
import { sortProblems, type WorkflowProblem } from './problem';

/** Failures that are a bound tripping (steps, sizes, depth), not a mistake in the expression's logic. */
const OVER_BOUNDS = new Set(['STEPS', 'LIMIT', 'D1011', 'D2014', 'D2015']);

/** Where the check runs with a wall clock of its own (the API's evaluation threads), its per-expression clock can be lifted. */
export interface ExpressionCostOptions {
  timeoutMs?: number;
}

/**
 * Evaluates, with the bounds a run gives an expression (`WORKFLOW_EXPRESSION_LIMITS`), every
 * expression of the graph that needs no run data (`isContextFree`): one that trips a bound would
 * trip it in every run, so it is an error at validation instead of a failed step in production.
 * Expressions that read run data can only be bounded when they run (the step fails clearly).
 * Asynchronous (JSONata evaluates asynchronously), so it is separate from `validateWorkflow`; the
 * API runs both on its evaluation threads.
 */
export async function checkExpressionCosts(graph: WorkflowGraph, options: ExpressionCostOptions = {}): Promise<WorkflowProblem[]> {
  const context = buildExpressionContext({ eventCode: 'VALIDATION', eventId: 'validation', raisedAt: new Date(0).toISOString() });
  const limits = { ...WORKFLOW_EXPRESSION_LIMITS, ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }) };
  const problems: WorkflowProblem[] = [];
  for (const node of graph.nodes) {
    for (const { text, field, what } of nodeExpressions(node)) {
      // An expression that does not parse is already an INVALID_EXPRESSION problem.
      if (!checkExpression(text).ok || !isContextFree(text)) continue;
      try {
        await evaluateExpression(text, context, limits);
      } catch (err) {
        if (!(err instanceof ExpressionError) || !OVER_BOUNDS.has(err.code ?? '')) continue;
        problems.push({
          severity: 'error',
          code: 'EXPRESSION_OVER_LIMIT',
          nodeId: node.id,
          field,
          message: `In ${nodeName(node)}, the ${what} goes over what a run allows one expression, so it would fail in every run: ${lowerFirst(err.message)}`,
        });
      }
    }
  }
  return sortProblems(problems);
}
