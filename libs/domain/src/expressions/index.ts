export * from './expression-context';
export * from './expression-error';
export * from './check-expression';
export * from './evaluate-expression';
export * from './template';
export * from './context-free';
export { DEFAULT_EXPRESSION_LIMITS, STEPS_PER_EVALUATION, WORKFLOW_EXPRESSION_LIMITS, type ExpressionLimits } from './expression-limits';
