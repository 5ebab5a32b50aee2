import type { ActionCode, ActionTypeDescriptor, EventCode, EventType, Provider, ServiceType, Template } from '@signalbox/domain';
import { api, fetchAll } from './api-client';
import { useAsync, type AsyncState } from '../ui/use-async';

/** Everything the canvas and the forms look up: the catalog as the API serves it now. */
export interface CatalogData {
  eventTypes: EventType[];
  eventCodes: EventCode[];
  actionCodes: ActionCode[];
  actionTypes: ActionTypeDescriptor[];
  templates: Template[];
  providers: Provider[];
  serviceTypes: ServiceType[];
}

export async function loadCatalog(): Promise<CatalogData> {
  const [eventTypes, eventCodes, actionCodes, actionTypes, templates, providers, serviceTypes] = await Promise.all([
    fetchAll<EventType>('event-types'),
    fetchAll<EventCode>('event-codes'),
    fetchAll<ActionCode>('action-codes'),
    api.get<ActionTypeDescriptor[] | { items: ActionTypeDescriptor[] }>('/action-types').then((r) => (Array.isArray(r) ? r : r.items)),
    fetchAll<Template>('templates'),
    fetchAll<Provider>('providers'),
    fetchAll<ServiceType>('service-types'),
  ]);
  return { eventTypes, eventCodes, actionCodes, actionTypes, templates, providers, serviceTypes };
}

export function useCatalog(deps: unknown[] = []): AsyncState<CatalogData> {
  return useAsync(loadCatalog, deps);
}
