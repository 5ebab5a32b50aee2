import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const EVENT_CODE_KEY = defineSearchAttributeKey('EventCode', SearchAttributeType.KEYWORD);
export const RUN_STATUS_KEY = defineSearchAttributeKey('RunStatus', SearchAttributeType.KEYWORD);
