import { actionCodeReferences, nodeReferences, runGraph, type ActionCode, type EventCode, type FrozenCatalog, type Provider, type ServiceType, type Template, type WorkflowGraph } from '@signalbox/domain';
import type { VersionSnapshot } from './temporal';

/*
 * The version snapshot: a published graph with the catalog entries it uses, frozen **at publish
 * time** and stored with the version (workflow_versions.catalog). Raising a version, or linking to
 * it, loads that stored catalog, so a later catalog edit changes only versions published after it.
 * Provider secrets and endpoints are not frozen: the sending activity reads them live.
 */


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
    // What the parameters name, as the action type's schema declares it (catalogRef).
    const add = { providers: addProvider, serviceTypes: addServiceType, templates: addTemplate, actionCodes: addActionCode };
    for (const ref of actionCodeReferences(actionCode)) add[ref.kind](ref.code, `actionCodes.${code}.${ref.field}`);
    if (actionCode.compensation) addActionCode(actionCode.compensation, `actionCodes.${code}.compensation`);
  };

  // Sorted by id so the snapshot does not depend on the order nodes were saved in.
  const nodes = [...source.graph.nodes].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const addNamed = { actionCodes: addActionCode, templates: addTemplate, providers: addProvider };
  for (const node of nodes) {
    const index = source.graph.nodes.indexOf(node);
    for (const ref of nodeReferences(node)) addNamed[ref.kind](ref.code, `graph.nodes.${index}.${ref.field}`);
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
  return snapshotWithCatalog(source, freezeCatalog(source, catalog));
}

export const FROZEN_CATALOG_KINDS = ['actionCodes', 'templates', 'providers', 'serviceTypes'] as const satisfies readonly SnapshotCatalogKind[];

/** The entries `source` references, taken from `catalog` now; throws SnapshotReferenceError for missing ones. */
export function freezeCatalog(source: SnapshotGraph, catalog: SnapshotCatalog): FrozenCatalog {
  const { parts, problems } = walkReferences(source, catalog);
  if (problems.length > 0) throw new SnapshotReferenceError(problems);
  return parts;
}

/** A run's snapshot from a graph and the catalog frozen for it. */
export function snapshotWithCatalog(source: SnapshotGraph, frozen: FrozenCatalog): VersionSnapshot {
  return {
    eventCode: source.eventCode.code,
    eventType: source.eventCode.eventType,
    version: source.version,
    // Steps and connections only: the stored draft and version keep their notes and groups, a run
    // (whose snapshot travels in every Temporal history) has no use for them.
    graph: runGraph(source.graph),
    actionCodes: frozen.actionCodes,
    templates: frozen.templates,
    providers: frozen.providers,
    serviceTypes: frozen.serviceTypes,
  };
}
