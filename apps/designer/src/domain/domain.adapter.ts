// The designer's only call sites of the domain lib's graph checks. Interim stand-ins live in
// ./interim.ts until @signalbox/domain exports validateWorkflow, checkExpression, diffGraphs and
// buildCatalogView; swapping is the import line below.
import type { ActionCode, CatalogView, EventCode, Provider, ServiceType, Template, WorkflowGraph } from '@signalbox/domain';
import * as impl from './interim';

export interface WorkflowProblem {
  severity: 'error' | 'warning';
  code: string;
  message: string;
  nodeId?: string;
  edgeId?: string;
  field?: string;
}
export type ExpressionCheck = { ok: true } | { ok: false; message: string; position?: number };
export interface GraphDiff {
  nodes: { added: string[]; removed: string[]; changed: { id: string; fields: string[] }[] };
  edges: { added: string[]; removed: string[] };
}
export interface CatalogLists {
  eventCodes: EventCode[];
  actionCodes: ActionCode[];
  templates: Template[];
  providers: Provider[];
  serviceTypes: ServiceType[];
}

export const validateWorkflow: (graph: WorkflowGraph, view: CatalogView, opts?: { eventCode?: string }) => WorkflowProblem[] =
  impl.validateWorkflow;
export const checkExpression: (text: string) => ExpressionCheck = impl.checkExpression;
export const diffGraphs: (a: WorkflowGraph, b: WorkflowGraph) => GraphDiff = impl.diffGraphs;
export const buildCatalogView: (lists: CatalogLists) => CatalogView = impl.buildCatalogView;
