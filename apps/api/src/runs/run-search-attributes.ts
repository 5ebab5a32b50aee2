import { defineSearchAttributeKey, SearchAttributeType, type SearchAttributePair } from '@temporalio/common';
import type { RunStatus, SearchAttributeName } from '@signalbox/contracts';

/** Typed keys of Signalbox's custom search attributes (registered by the dev server / operator). */
export const RUN_SEARCH_ATTRIBUTES = {
  EventCode: defineSearchAttributeKey('EventCode', SearchAttributeType.KEYWORD),
  EventType: defineSearchAttributeKey('EventType', SearchAttributeType.KEYWORD),
  AccountId: defineSearchAttributeKey('AccountId', SearchAttributeType.KEYWORD),
  ServiceId: defineSearchAttributeKey('ServiceId', SearchAttributeType.KEYWORD),
  Msisdn: defineSearchAttributeKey('Msisdn', SearchAttributeType.KEYWORD),
  RunStatus: defineSearchAttributeKey('RunStatus', SearchAttributeType.KEYWORD),
  WorkflowVersion: defineSearchAttributeKey('WorkflowVersion', SearchAttributeType.INT),
  IsTest: defineSearchAttributeKey('IsTest', SearchAttributeType.BOOL),
} as const satisfies Record<SearchAttributeName, unknown>;

export interface RunAttributes {
  eventCode: string;
  eventType: string;
  version: number;
  status: Extract<RunStatus, 'Scheduled' | 'Running'>;
  isTest: boolean;
  accountId?: string;
  serviceId?: string;
  msisdn?: string;
}

/** The search attributes a run starts with; personal keys only when the deployment allows indexing them. */
export function runSearchAttributes(a: RunAttributes, indexPersonalKeys: boolean): SearchAttributePair[] {
  const k = RUN_SEARCH_ATTRIBUTES;
  const pairs: SearchAttributePair[] = [
    { key: k.EventCode, value: a.eventCode },
    { key: k.EventType, value: a.eventType },
    { key: k.RunStatus, value: a.status },
    { key: k.WorkflowVersion, value: a.version },
    { key: k.IsTest, value: a.isTest },
  ];
  if (a.accountId) pairs.push({ key: k.AccountId, value: a.accountId });
  if (a.serviceId) pairs.push({ key: k.ServiceId, value: a.serviceId });
  if (a.msisdn && indexPersonalKeys) pairs.push({ key: k.Msisdn, value: a.msisdn });
  return pairs;
}
