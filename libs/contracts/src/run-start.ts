import type { SearchAttributePair, SearchAttributeType } from '@temporalio/common';
import type { Subject } from '@signalbox/domain';
import { runWorkflowId, type RunInput, type RunStatus, type SearchAttributeName, type VersionSnapshot } from './temporal';

/*
 * How a run is started, shared by the API's event intake and the worker's link-event activity so
 * the two never drift: the run's search attributes, its summary and its start plan.
 * Pure and sandbox-safe (the workflow bundle includes this barrel): the @temporalio/common
 * imports are types only, keeping the SDK out of browser bundles.
 */

// ---------------------------------------------------------------------------------------------
// Search attributes

/** The SDK's key shape (what defineSearchAttributeKey returns), built without its runtime. */
export interface SearchAttributeKey<T extends SearchAttributeType> {
  name: string;
  type: T;
}

const key = <T extends SearchAttributeType>(name: SearchAttributeName, type: T): SearchAttributeKey<T> => ({ name, type });

/** Typed keys of Signalbox's custom search attributes (registered by the dev server / operator). */
export const RUN_SEARCH_ATTRIBUTES = {
  EventCode: key('EventCode', 'KEYWORD'),
  EventType: key('EventType', 'KEYWORD'),
  AccountId: key('AccountId', 'KEYWORD'),
  ServiceId: key('ServiceId', 'KEYWORD'),
  Msisdn: key('Msisdn', 'KEYWORD'),
  RunStatus: key('RunStatus', 'KEYWORD'),
  WorkflowVersion: key('WorkflowVersion', 'INT'),
  IsTest: key('IsTest', 'BOOL'),
  IncidentNode: key('IncidentNode', 'KEYWORD'),
  IncidentError: key('IncidentError', 'KEYWORD'),
} as const satisfies Record<SearchAttributeName, SearchAttributeKey<SearchAttributeType>>;

/** What a run is indexed by when it starts. */
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

/** The attributes of a run about to start; `scheduled` when it starts after a delay. */
export function runAttributes(input: Pick<RunInput, 'snapshot' | 'subject' | 'test'>, scheduled: boolean): RunAttributes {
  const { snapshot, subject } = input;
  return {
    eventCode: snapshot.eventCode,
    eventType: snapshot.eventType,
    version: snapshot.version,
    status: scheduled ? 'Scheduled' : 'Running',
    isTest: input.test,
    accountId: subject.accountId,
    serviceId: subject.serviceId,
    msisdn: subject.msisdn,
  };
}

/** The typed search attributes a run starts with; personal keys only when the deployment allows indexing them. */
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

// ---------------------------------------------------------------------------------------------
// Summary

export interface RunSummaryOptions {
  indexPersonalKeys: boolean;
  /** The run that started this one through a link-event node. */
  parentRunId?: string;
}

/**
 * A human line for the Temporal UI ("SIM_SWAP for 447700900123, v3"); a personal key only when the
 * deployment allows it. Version 0 is a draft frozen for a test run.
 */
export function runSummary(snapshot: Pick<VersionSnapshot, 'eventCode' | 'version'>, subject: Subject, options: RunSummaryOptions): string {
  const who =
    (options.indexPersonalKeys ? subject.msisdn : undefined) ??
    subject.serviceId ??
    subject.subscriptionId ??
    subject.accountId ??
    subject.customerId ??
    subject.deviceId ??
    'subject';
  const line = `${snapshot.eventCode} for ${who}, ${snapshot.version === 0 ? 'draft test run' : `v${snapshot.version}`}`;
  return options.parentRunId ? `${line} (linked from ${options.parentRunId})` : line;
}

// ---------------------------------------------------------------------------------------------
// Start options

/** Everything about starting an interpreter run except the client call, its task queue and id policies. */
export interface RunStart {
  workflowId: string;
  input: RunInput;
  /** 0 starts now; more starts the run later (Temporal's start delay), indexed Scheduled until then. */
  startDelayMs: number;
  attributes: RunAttributes;
  searchAttributes: SearchAttributePair[];
  summary: string;
  /** The list view shows each run's subject (and parent) without reading its history. */
  memo: { subject: Subject; parentRunId?: string; startedBy?: string };
}

export function planRunStart(input: RunInput, options: { startDelayMs: number; indexPersonalKeys: boolean }): RunStart {
  const attributes = runAttributes(input, options.startDelayMs > 0);
  return {
    workflowId: runWorkflowId(input.snapshot.eventCode, input.eventId),
    input,
    startDelayMs: options.startDelayMs,
    attributes,
    searchAttributes: runSearchAttributes(attributes, options.indexPersonalKeys),
    summary: runSummary(input.snapshot, input.subject, { indexPersonalKeys: options.indexPersonalKeys, parentRunId: input.parentRunId }),
    memo: input.parentRunId ? { subject: input.subject, parentRunId: input.parentRunId } : { subject: input.subject },
  };
}
