import type { z } from 'zod';
import type { CatalogKind } from '@signalbox/persistence';
import { listQuery } from '../common/list-query';
import { CATALOG_KIND_SPECS, SORT_FIELDS } from './catalog-kinds';

const schemas = new Map<CatalogKind, z.ZodType>();

/** The query of `GET /api/<kind>`: one schema per kind, for the controller and the cached-read fast path. */
export function catalogListQuerySchema(kind: CatalogKind): z.ZodType {
  let schema = schemas.get(kind);
  if (!schema) {
    const spec = CATALOG_KIND_SPECS[kind];
    schema = listQuery(SORT_FIELDS, Object.fromEntries(Object.entries(spec.filters).map(([k, f]) => [k, f.schema.optional()])) as z.ZodRawShape);
    schemas.set(kind, schema);
  }
  return schema;
}
