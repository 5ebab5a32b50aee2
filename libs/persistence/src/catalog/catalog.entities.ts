import { Column, Entity } from 'typeorm';
import type { ActionCode, EventCode, EventType, InboundEvent, Provider, ServiceType, Template } from '@signalbox/domain';
import { CatalogEntryColumns } from './catalog-entry.columns';

@Entity({ name: 'event_types' })
export class EventTypeEntity extends CatalogEntryColumns<EventType> {}

@Entity({ name: 'event_codes' })
export class EventCodeEntity extends CatalogEntryColumns<EventCode> {}

/** Keyed by the inbound name (Account/New). */
@Entity({ name: 'inbound_events' })
export class InboundEventEntity extends CatalogEntryColumns<InboundEvent> {}

/** `definition` never holds secrets: they live encrypted in `secrets` (see crypto/secret-box). */
@Entity({ name: 'providers' })
export class ProviderEntity extends CatalogEntryColumns<Provider> {
  @Column({ name: 'secrets', type: 'text', nullable: true })
  secrets!: string | null;
}

@Entity({ name: 'service_types' })
export class ServiceTypeEntity extends CatalogEntryColumns<ServiceType> {}

@Entity({ name: 'action_codes' })
export class ActionCodeEntity extends CatalogEntryColumns<ActionCode> {}

@Entity({ name: 'templates' })
export class TemplateEntity extends CatalogEntryColumns<Template> {}

export const CATALOG_KINDS = ['event-types', 'event-codes', 'inbound-events', 'providers', 'service-types', 'action-codes', 'templates'] as const;
export type CatalogKind = (typeof CATALOG_KINDS)[number];

export const CATALOG_ENTITY_BY_KIND = {
  'event-types': EventTypeEntity,
  'event-codes': EventCodeEntity,
  'inbound-events': InboundEventEntity,
  providers: ProviderEntity,
  'service-types': ServiceTypeEntity,
  'action-codes': ActionCodeEntity,
  templates: TemplateEntity,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each kind has its own definition type
} as const satisfies Record<CatalogKind, new () => CatalogEntryColumns<any>>;
