import { z } from 'zod';

/**
 * References between catalog entries are declared where the parameter is: an action type marks a
 * parameter that names another catalog entry with `catalogRef(kind, …)`. Usages, validation,
 * freezing at publish, the catalog filters and the designer's selects all read that one mark, so a
 * new action type with a reference parameter of any name is tracked everywhere without code here.
 * The readers are in catalog-references.ts.
 */
export const CATALOG_REF_KINDS = ['providers', 'serviceTypes', 'templates', 'actionCodes'] as const;
export type CatalogRefKind = (typeof CATALOG_REF_KINDS)[number];

/** The JSON Schema keyword the mark becomes in `/api/action-types` (the designer reads it). */
export const CATALOG_REF_KEYWORD = 'catalogRef';

/** Marks a parameter schema (a code, or a list of codes) as naming catalog entries of `kind`. */
export function catalogRef<T extends z.ZodType>(kind: CatalogRefKind, schema: T, description: string): T {
  return schema.meta({ description, [CATALOG_REF_KEYWORD]: kind });
}
