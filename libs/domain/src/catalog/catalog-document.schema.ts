import { z } from 'zod';
import { ActionCode } from './action-code.schema';
import { EventCode } from './event-code.schema';
import { EventType } from './event-type.schema';
import { InboundEvent } from './inbound-event.schema';
import { Provider } from './provider.schema';
import { ServiceType } from './service-type.schema';
import { Template } from './template.schema';
import { Workflow } from '../workflow/workflow.schema';

/**
 * The whole catalog as one document (export/import). Provider secrets are never exported; on
 * import a provider without a secret keeps the one already stored.
 */
export const CatalogDocument = z.strictObject({
  format: z.literal('signalbox.catalog/v1'),
  exportedAt: z.iso.datetime({ offset: true }).optional(),
  eventTypes: z.array(EventType).default([]),
  eventCodes: z.array(EventCode).default([]),
  inboundEvents: z.array(InboundEvent).default([]),
  providers: z.array(Provider).default([]),
  serviceTypes: z.array(ServiceType).default([]),
  actionCodes: z.array(ActionCode).default([]),
  templates: z.array(Template).default([]),
  workflows: z.array(Workflow).default([]),
});
export type CatalogDocument = z.infer<typeof CatalogDocument>;

/** What `validateWorkflow` needs to know about the rest of the catalog. */
export interface CatalogView {
  eventCodes: ReadonlyMap<string, EventCode>;
  actionCodes: ReadonlyMap<string, ActionCode>;
  templates: ReadonlyMap<string, Template>;
  providers: ReadonlyMap<string, Provider>;
  serviceTypes: ReadonlyMap<string, ServiceType>;
  /** Published graphs of other event codes, to detect loops of linked events. */
  publishedGraphs?: ReadonlyMap<string, import('../graph/graph.schema').WorkflowGraph>;
}
