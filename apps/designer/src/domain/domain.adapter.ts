// The designer's call sites of the domain lib's graph checks, in one place: the browser runs the
// same validateWorkflow, checkExpression and diffGraphs the server runs.
import {
  buildCatalogView as domainBuildCatalogView,
  checkExpression,
  diffGraphs,
  validateWorkflow,
  type ActionCode,
  type CatalogView,
  type EventCode,
  type Provider,
  type ServiceType,
  type Template,
} from '@signalbox/domain';

export type { ExpressionCheck, GraphDiff, WorkflowProblem } from '@signalbox/domain';
export { checkExpression, diffGraphs, validateWorkflow };

export interface CatalogLists {
  eventCodes: EventCode[];
  actionCodes: ActionCode[];
  templates: Template[];
  providers: Provider[];
  serviceTypes: ServiceType[];
}

export function buildCatalogView(lists: CatalogLists): CatalogView {
  return domainBuildCatalogView(lists);
}
