import type { SearchAttributePair, SearchAttributeType } from '@temporalio/common';
import type { ActionCode, EventCode, Provider, ServiceType, Subject, Template, WorkflowGraph } from '@signalbox/domain';
import { runWorkflowId, type RunInput, type RunStatus, type SearchAttributeName, type VersionSnapshot } from './temporal';

/*
 * How a run is started, shared by the API's event intake and the worker's link-event activity so
 * the two never drift: the frozen version snapshot, the run's search attributes and its summary.
 * Pure and sandbox-safe (the workflow bundle includes this barrel): the @temporalio/common
 * imports are types only, keeping the SDK out of browser bundles.
 */

// ---------------------------------------------------------------------------------------------
// Version snapshot

/** The catalog entries a snapshot may reference, keyed by code (all of them, or just the referenced ones). */
export interface SnapshotCatalog {
  actionCodes: ReadonlyMap<string, ActionCode>;
  templates: ReadonlyMap<string, Template>;
  providers: ReadonlyMap<string, Provider>;
  serviceTypes: ReadonlyMap<string, ServiceType>;
}

export type SnapshotCatalogKind = keyof SnapshotCatalog;

/** The graph to freeze: a published version, or a draft for a test run (version 0). */
export interface SnapshotGraph {
  eventCode: EventCode;
  version: number;
  graph: WorkflowGraph;
}

export interface SnapshotProblem {
  path: string;
  message: string;
}

export class SnapshotReferenceError extends Error {
  constructor(readonly problems: SnapshotProblem[]) {
    super(`the workflow references ${problems.length} missing catalog ${problems.length === 1 ? 'entry' : 'entries'}: ${problems.map((p) => p.message).join('; ')}`);
    this.name = 'SnapshotReferenceError';
  }
}

export type SnapshotProvider = VersionSnapshot['providers'][string];

/** Histories are stored unencrypted: a snapshot carries a provider's auth type, never its credentials. */
export function withoutSecrets(provider: Provider): SnapshotProvider {
  return { ...provider, auth: { type: provider.auth.type } };
}

interface Walk {
  parts: Pick<VersionSnapshot, 'actionCodes' | 'templates' | 'providers' | 'serviceTypes'>;
  problems: SnapshotProblem[];
  missing: Record<SnapshotCatalogKind, Set<string>>;
}

function stringParam(parameters: Record<string, unknown>, key: string): string | undefined {
  const value = parameters[key];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** Follows every reference from the graph's nodes, collecting what is found and what is not. */
function walkReferences(source: SnapshotGraph, catalog: SnapshotCatalog): Walk {
  const walk: Walk = {
    parts: { actionCodes: {}, templates: {}, providers: {}, serviceTypes: {} },
    problems: [],
    missing: { actionCodes: new Set(), templates: new Set(), providers: new Set(), serviceTypes: new Set() },
  };
  const { parts, problems, missing } = walk;
  const seen = { actionCodes: new Set<string>(), templates: new Set<string>(), providers: new Set<string>(), serviceTypes: new Set<string>() };
  const absent = (kind: SnapshotCatalogKind, code: string, path: string, what: string) => {
    missing[kind].add(code);
    problems.push({ path, message: `${what} ${code} does not exist` });
  };

  const addTemplate = (code: string, path: string) => {
    if (seen.templates.has(code)) return;
    seen.templates.add(code);
    const template = catalog.templates.get(code);
    if (template) parts.templates[code] = template;
    else absent('templates', code, path, 'template');
  };
  const addProvider = (code: string, path: string) => {
    if (seen.providers.has(code)) return;
    seen.providers.add(code);
    const provider = catalog.providers.get(code);
    if (provider) parts.providers[code] = withoutSecrets(provider);
    else absent('providers', code, path, 'provider');
  };
  const addServiceType = (code: string, path: string) => {
    if (seen.serviceTypes.has(code)) return;
    seen.serviceTypes.add(code);
    const serviceType = catalog.serviceTypes.get(code);
    if (!serviceType) return absent('serviceTypes', code, path, 'service type');
    parts.serviceTypes[code] = serviceType;
    serviceType.transitions.forEach((t, i) => {
      if (t.actionCode) addActionCode(t.actionCode, `serviceTypes.${code}.transitions.${i}.actionCode`);
    });
  };
  const addActionCode = (code: string, path: string): void => {
    if (seen.actionCodes.has(code)) return;
    seen.actionCodes.add(code);
    const actionCode = catalog.actionCodes.get(code);
    if (!actionCode) return absent('actionCodes', code, path, 'action code');
    parts.actionCodes[code] = actionCode;
    const where = `actionCodes.${code}.parameters`;
    const provider = stringParam(actionCode.parameters, 'provider');
    if (provider) addProvider(provider, `${where}.provider`);
    const serviceType = stringParam(actionCode.parameters, 'serviceType');
    if (serviceType) addServiceType(serviceType, `${where}.serviceType`);
    const template = stringParam(actionCode.parameters, 'template');
    if (template) addTemplate(template, `${where}.template`);
    if (actionCode.compensation) addActionCode(actionCode.compensation, `actionCodes.${code}.compensation`);
  };

  // Sorted by id so the snapshot does not depend on the order nodes were saved in.
  const nodes = [...source.graph.nodes].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const node of nodes) {
    const index = source.graph.nodes.indexOf(node);
    if (node.kind === 'action') addActionCode(node.actionCode, `graph.nodes.${index}.actionCode`);
    else if (node.kind === 'communication') addTemplate(node.template, `graph.nodes.${index}.template`);
  }
  return walk;
}

/**
 * The codes the graph reaches that `catalog` does not hold yet, per kind. A loader that fetches
 * entries on demand calls this until nothing new turns up, then builds the snapshot.
 */
export function missingSnapshotEntries(source: SnapshotGraph, catalog: SnapshotCatalog): Record<SnapshotCatalogKind, string[]> {
  const { missing } = walkReferences(source, catalog);
  return { actionCodes: [...missing.actionCodes], templates: [...missing.templates], providers: [...missing.providers], serviceTypes: [...missing.serviceTypes] };
}

/**
 * Freezes what a run needs: the graph and only the catalog entries it references — action codes
 * of its nodes (and, transitively, their compensations and the actions on their service types'
 * transitions), templates, providers (auth type only) and service types. Throws
 * SnapshotReferenceError listing every missing entry with its path.
 */
export function buildVersionSnapshot(source: SnapshotGraph, catalog: SnapshotCatalog): VersionSnapshot {
  const { parts, problems } = walkReferences(source, catalog);
  if (problems.length > 0) throw new SnapshotReferenceError(problems);
  return { eventCode: source.eventCode.code, eventType: source.eventCode.eventType, version: source.version, graph: source.graph, ...parts };
}

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
  memo: { subject: Subject; parentRunId?: string };
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
