// The run search attributes are defined once in @signalbox/contracts (names, types, typed keys).
import { RUN_SEARCH_ATTRIBUTES } from '@signalbox/contracts';

export const EVENT_CODE_KEY = RUN_SEARCH_ATTRIBUTES.EventCode;
export const RUN_STATUS_KEY = RUN_SEARCH_ATTRIBUTES.RunStatus;
export { RUN_SEARCH_ATTRIBUTES, runSearchAttributes, type RunAttributes } from '@signalbox/contracts';
