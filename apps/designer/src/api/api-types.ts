import type { ApiKeyRole, FrozenCatalog, WorkflowGraph } from '@signalbox/domain';
import type { CatalogEntryChange, RunState } from '@signalbox/contracts';
import type { components } from './openapi.generated';

export type Role = ApiKeyRole;
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

// Generated from the API's OpenAPI document (npm run gen:api -w @signalbox/designer): a change to
// what the server sends changes these types, and whatever reads a field that went away fails typecheck.
type Schemas = components['schemas'];
/** GET /api/service-orders/{id}: the order and its network request log. */
export type ServiceOrderDetail = Schemas['ServiceOrderView'];
/** One line of an order's network request log. */
export type ServiceOrderExchange = ServiceOrderDetail['exchanges'][number];
/** One run in GET /api/runs. */
export type RunSummary = Schemas['RunPageView']['items'][number];
/** GET /api/runs/{id}; its state is the workflow's RunState (documented as an object). */
export type RunDetail = Omit<Schemas['RunDetailView'], 'state'> & { state: RunState | null };

export interface ImportChange {
  kind: string;
  code: string;
  change: 'create' | 'update' | 'unchanged';
}
