import type { ActionCode, EventCode, Provider, ServiceType, Template, WorkflowGraph } from '@signalbox/domain';
import type { VersionSnapshot } from '@signalbox/contracts';

/** The catalog entries a snapshot may reference, keyed by code. */
export interface SnapshotCatalog {
  actionCodes: ReadonlyMap<string, ActionCode>;
  templates: ReadonlyMap<string, Template>;
  providers: ReadonlyMap<string, Provider>;
  serviceTypes: ReadonlyMap<string, ServiceType>;
}

export interface SnapshotSource {
  eventCode: EventCode;
  /** Published version number; 0 for a draft test run. */
  version: number;
  graph: WorkflowGraph;
}

export interface SnapshotProblem {
  path: string;
  message: string;
}

export class SnapshotReferenceError extends Error {
  constructor(readonly problems: SnapshotProblem[]) {
    super(`the workflow references ${problems.length} missing catalog ${problems.length === 1 ? 'entry' : 'entries'}`);
    this.name = 'SnapshotReferenceError';
  }
}

type SnapshotProvider = VersionSnapshot['providers'][string];

/** Histories are stored unencrypted: a snapshot carries a provider's auth type, never its credentials. */
export function withoutSecrets(provider: Provider): SnapshotProvider {
  return { ...provider, auth: { type: provider.auth.type } };
}

function stringParam(parameters: Record<string, unknown>, key: string): string | undefined {
  const value = parameters[key];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/**
 * Freezes what a run needs: the graph and only the catalog entries it references — action codes
 * of its nodes (and, transitively, their compensations and the actions on their service types'
 * transitions), templates, providers and service types. Throws SnapshotReferenceError listing
 * every missing entry.
 */
export function buildVersionSnapshot(source: SnapshotSource, catalog: SnapshotCatalog): VersionSnapshot {
  const problems: SnapshotProblem[] = [];
  const actionCodes: Record<string, ActionCode> = {};
  const templates: Record<string, Template> = {};
  const providers: Record<string, SnapshotProvider> = {};
  const serviceTypes: Record<string, ServiceType> = {};

  const addTemplate = (code: string, path: string) => {
    if (templates[code]) return;
    const template = catalog.templates.get(code);
    if (template) templates[code] = template;
    else problems.push({ path, message: `template ${code} does not exist` });
  };
  const addProvider = (code: string, path: string) => {
    if (providers[code]) return;
    const provider = catalog.providers.get(code);
    if (provider) providers[code] = withoutSecrets(provider);
    else problems.push({ path, message: `provider ${code} does not exist` });
  };
  const addServiceType = (code: string, path: string) => {
    if (serviceTypes[code]) return;
    const serviceType = catalog.serviceTypes.get(code);
    if (!serviceType) {
      problems.push({ path, message: `service type ${code} does not exist` });
      return;
    }
    serviceTypes[code] = serviceType;
    serviceType.transitions.forEach((t, i) => {
      if (t.actionCode) addActionCode(t.actionCode, `serviceTypes.${code}.transitions.${i}.actionCode`);
    });
  };
  const addActionCode = (code: string, path: string): void => {
    if (actionCodes[code]) return;
    const actionCode = catalog.actionCodes.get(code);
    if (!actionCode) {
      problems.push({ path, message: `action code ${code} does not exist` });
      return;
    }
    actionCodes[code] = actionCode;
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

  if (problems.length > 0) throw new SnapshotReferenceError(problems);
  return {
    eventCode: source.eventCode.code,
    eventType: source.eventCode.eventType,
    version: source.version,
    graph: source.graph,
    actionCodes,
    templates,
    providers,
    serviceTypes,
  };
}
