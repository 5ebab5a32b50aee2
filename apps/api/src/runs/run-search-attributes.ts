// The run search attributes live in @signalbox/contracts, shared with the worker's linked runs.
export { RUN_SEARCH_ATTRIBUTES, runSearchAttributes, type RunAttributes } from '@signalbox/contracts';
