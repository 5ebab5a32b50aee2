import { evaluateCondition, evaluateDate, evaluateExpression, ExpressionError, WORKFLOW_EXPRESSION_LIMITS, type ExpressionContext } from '@signalbox/domain';

/** What the run needs from an expression: a value, a decision's truth, or a date (epoch ms). */
export type ExpressionPurpose = 'value' | 'condition' | 'date';

export interface EvaluateRequest {
  expression: string;
  purpose: ExpressionPurpose;
  context: ExpressionContext;
}

/** An expression's failure is an answer, not an activity failure: retrying it would fail the same way. */
export type EvaluateReply = { ok: true; value: unknown } | { ok: false; message: string; code?: string };

const EVALUATORS: Record<ExpressionPurpose, (text: string, context: ExpressionContext, options: typeof WORKFLOW_EXPRESSION_LIMITS) => Promise<unknown>> = {
  value: evaluateExpression,
  condition: evaluateCondition,
  date: evaluateDate,
};

/**
 * Evaluates a run's expression outside the workflow sandbox, once the run has spent the expression
 * steps it may take inside it (`RUN_LIMITS.maxExpressionSteps`). Run as a local activity: the
 * answer is recorded in the run's history as one marker, so a replay reads it instead of
 * evaluating again. Same bounds as in the sandbox (`WORKFLOW_EXPRESSION_LIMITS`), so where an
 * expression runs never changes what it may do.
 */
export function expressionActivities() {
  return {
    async evaluateRunExpression(request: EvaluateRequest): Promise<EvaluateReply> {
      try {
        return { ok: true, value: await EVALUATORS[request.purpose](request.expression, request.context, WORKFLOW_EXPRESSION_LIMITS) };
      } catch (err) {
        if (err instanceof ExpressionError) return { ok: false, message: err.message, ...(err.code ? { code: err.code } : {}) };
        throw err;
      }
    },
  };
}
