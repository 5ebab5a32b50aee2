import type { FrozenCatalog, WorkflowGraph } from '@signalbox/domain';
import type { CatalogEntryChange, RunState } from '@signalbox/contracts';
import type { components } from './openapi.generated';

export type Role = 'viewer' | 'analyst' | 'admin' | 'operator' | 'agent';
export interface Me {
  name: string;
  role: Role;
}

export interface WorkflowSummary {
  eventCode: string;
  name: string;
  eventType: string;
  draftUpdatedAt?: string;
  latestVersion?: number | null;
}
export interface VersionInfo {
  version: number;
  publishedAt: string;
  publishedBy?: string;
  note?: string;
}
export interface WorkflowDetail {
  eventCode: string;
  draft: WorkflowGraph;
  draftUpdatedAt?: string;
  versions: VersionInfo[];
  /** Entries the latest version froze that were edited or deleted since it was published. */
  catalogChangedSince?: { version: number; entries: CatalogEntryChange[] } | null;
}
export interface VersionDetail extends VersionInfo {
  eventCode: string;
  graph: WorkflowGraph;
  /** The catalog entries frozen when it was published (null: not frozen, publish again). */
  catalog?: FrozenCatalog | null;
}
export interface ValidationProblem {
  severity: 'error' | 'warning';
  code: string;
  message: string;
  nodeId?: string;
  edgeId?: string;
  field?: string;
}

export interface RunSummary {
  runId: string;
  eventCode: string;
  eventType?: string;
  version: number;
  status: string;
  subject: Record<string, string>;
  isTest: boolean;
  startedAt: string;
  closedAt?: string;
  /** When a Scheduled run will start, if the API reports it. */
  startsAt?: string;
  temporalUrl?: string;
}
export interface RunDetail extends RunSummary {
  graph: WorkflowGraph;
  state: RunState | null;
}

// Generated from the API's OpenAPI document (npm run gen:api -w @signalbox/designer): a change to
// what the server sends changes these types, and whatever reads a field that went away fails typecheck.
type Schemas = components['schemas'];
/** GET /api/service-orders/{id}: the order and its network request log. */
export type ServiceOrderDetail = Schemas['ServiceOrderView'];
/** One line of an order's network request log. */
export type ServiceOrderExchange = ServiceOrderDetail['exchanges'][number];

export interface ImportChange {
  kind: string;
  code: string;
  change: 'create' | 'update' | 'unchanged';
}
