import { z } from 'zod';
import {
  ActionCode,
  CatalogDocument,
  Channel,
  EventCode,
  EventType,
  InboundEvent,
  PROVIDER_PROTOCOLS,
  PROVIDER_STATES,
  Provider,
  ServiceType,
  Template,
  actionTypeDescriptors,
  referenceParametersOfKind,
  type CatalogRefKind,
} from '@signalbox/domain';
import { CATALOG_ENTITY_BY_KIND, type CatalogEntryColumns, type CatalogKind } from '@signalbox/persistence';
import type { Permission } from '@signalbox/domain';

type DocumentKey = Exclude<keyof CatalogDocument, 'format' | 'exportedAt' | 'workflows'>;

export interface FilterSpec {
  schema: z.ZodType;
  /** SQL over the entry alias `e`, with the filter's value bound as :value. */
  sql: string;
}

/** Everything the generic catalog code needs to know about one collection. */
export interface CatalogKindSpec {
  kind: CatalogKind;
  /** Singular, for messages: "event code". */
  label: string;
  /** Name of the DTO in the OpenAPI document. */
  schemaName: string;
  schema: z.ZodType;
  keyField: 'code' | 'name';
  documentKey: DocumentKey;
  entity: new () => CatalogEntryColumns<never>;
  /** Who may create, replace and delete entries. */
  writePermission: Permission;
  filters: Record<string, FilterSpec>;
}

const bool = z.enum(['true', 'false'], { error: 'must be true or false' }).transform((v) => v === 'true');
/** A filter on a closed set of values: a typo is an error, not an empty page. */
const oneOf = (values: readonly string[]) => z.enum(values as [string, ...string[]], { error: `must be one of ${values.join(', ')}` });
const actionTypeKey = z.string().refine((v) => actionTypeDescriptors().some((d) => d.key === v), {
  error: () => `must be one of ${actionTypeDescriptors().map((d) => d.key).join(', ')}`,
});

const spec = (s: Omit<CatalogKindSpec, 'entity'>): CatalogKindSpec => ({ ...s, entity: CATALOG_ENTITY_BY_KIND[s.kind] as CatalogKindSpec['entity'] });

export const CATALOG_KIND_SPECS: Record<CatalogKind, CatalogKindSpec> = {
  'event-types': spec({ kind: 'event-types', label: 'event type', schemaName: 'EventType', schema: EventType, keyField: 'code', documentKey: 'eventTypes', writePermission: 'edit', filters: {} }),
  'event-codes': spec({
    kind: 'event-codes',
    label: 'event code',
    schemaName: 'EventCode',
    schema: EventCode,
    keyField: 'code',
    documentKey: 'eventCodes',
    writePermission: 'edit',
    filters: { eventType: { schema: z.string().max(64), sql: `e.definition->>'eventType' = :value` }, enabled: { schema: bool, sql: `(e.definition->>'enabled')::boolean = :value` } },
  }),
  'inbound-events': spec({
    kind: 'inbound-events',
    label: 'inbound event',
    schemaName: 'InboundEvent',
    schema: InboundEvent,
    keyField: 'name',
    documentKey: 'inboundEvents',
    writePermission: 'edit',
    filters: { eventCode: { schema: z.string().max(64), sql: `e.definition->'subscriptions' ? :value` }, level: { schema: oneOf(InboundEvent.shape.level.unwrap().options), sql: `e.definition->>'level' = :value` } },
  }),
  providers: spec({
    kind: 'providers',
    label: 'provider',
    schemaName: 'Provider',
    schema: Provider,
    keyField: 'code',
    documentKey: 'providers',
    writePermission: 'admin',
    filters: { state: { schema: oneOf(PROVIDER_STATES), sql: `e.definition->>'state' = :value` }, protocol: { schema: oneOf(PROVIDER_PROTOCOLS), sql: `e.definition->>'protocol' = :value` } },
  }),
  'service-types': spec({
    kind: 'service-types',
    label: 'service type',
    schemaName: 'ServiceType',
    schema: ServiceType,
    keyField: 'code',
    documentKey: 'serviceTypes',
    writePermission: 'admin',
    filters: { telco: { schema: bool, sql: `(e.definition->>'telco')::boolean = :value` } },
  }),
  'action-codes': spec({
    kind: 'action-codes',
    label: 'action code',
    schemaName: 'ActionCode',
    schema: ActionCode,
    keyField: 'code',
    documentKey: 'actionCodes',
    writePermission: 'edit',
    filters: {
      actionType: { schema: actionTypeKey, sql: `e.definition->>'actionType' = :value` },
      provider: { schema: z.string().max(64), sql: namesEntrySql('providers') },
    },
  }),
  templates: spec({
    kind: 'templates',
    label: 'template',
    schemaName: 'Template',
    schema: Template,
    keyField: 'code',
    documentKey: 'templates',
    writePermission: 'edit',
    filters: { channel: { schema: oneOf(Channel.options), sql: `e.definition->>'channel' = :value` } },
  }),
};

/**
 * SQL matching action codes whose parameters name the entry :value — through every parameter the
 * action types declare as a reference of `kind` (catalogRef), whatever it is called.
 */
function namesEntrySql(kind: CatalogRefKind): string {
  const params = referenceParametersOfKind(kind);
  for (const { parameter } of params) if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(parameter)) throw new Error(`parameter name ${parameter} cannot be used in a filter`);
  if (params.length === 0) return 'false';
  const one = ({ parameter, many }: { parameter: string; many: boolean }) =>
    many ? `e.definition->'parameters'->'${parameter}' ? :value` : `e.definition->'parameters'->>'${parameter}' = :value`;
  return `(${params.map(one).join(' OR ')})`;
}

export const SORT_COLUMNS = {
  code: 'e.code',
  name: `e.definition->>'name'`,
  createdAt: 'e.created_at',
  updatedAt: 'e.updated_at',
} as const;
export const SORT_FIELDS = Object.keys(SORT_COLUMNS) as [keyof typeof SORT_COLUMNS, ...(keyof typeof SORT_COLUMNS)[]];

export const keyOf = (spec: CatalogKindSpec, entry: object): string => (entry as Record<string, string>)[spec.keyField];
