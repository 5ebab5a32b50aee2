import { CatalogDocument } from '../catalog/catalog-document.schema';
import { demoActionCodes } from './demo-action-codes';
import { demoEventCodes, demoEventTypes, demoInboundEvents, demoProviders, demoServiceTypes } from './demo-reference-data';
import { demoTemplates } from './demo-templates';
import { demoWorkflows } from './demo-workflows';

export const DEFAULT_SIMULATOR_URL = 'http://localhost:4300';

/**
 * A complete catalog for a small MVNO, with providers pointing at the network simulator and one
 * published workflow per event code. Loaded on the first start of an empty database.
 */
export function demoCatalog(simulatorUrl: string = DEFAULT_SIMULATOR_URL): CatalogDocument {
  return CatalogDocument.parse({
    format: 'signalbox.catalog/v1',
    eventTypes: demoEventTypes,
    eventCodes: demoEventCodes,
    inboundEvents: demoInboundEvents,
    providers: demoProviders(simulatorUrl),
    serviceTypes: demoServiceTypes,
    actionCodes: demoActionCodes,
    templates: demoTemplates,
    workflows: demoWorkflows,
  });
}
