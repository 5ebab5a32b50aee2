export * from './problem';
export * from './validate-action-code';
export * from './validate-workflow';
export { isDelayedLink } from './linked-event-checks';
