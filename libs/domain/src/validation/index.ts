export * from './problem';
export * from './validate-action-code';
export * from './validate-workflow';
export { isDelayedLink } from './linked-event-checks';
export { checkExpressionCosts, type ExpressionCostOptions } from './expression-costs';
