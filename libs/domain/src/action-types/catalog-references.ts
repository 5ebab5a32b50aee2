import { z } from 'zod';
import type { ActionCode } from '../catalog/action-code.schema';
import type { ActionTypeDefinition } from './action-type';
import { CATALOG_REF_KEYWORD, CATALOG_REF_KINDS, type CatalogRefKind } from './catalog-ref';
import { ACTION_TYPES, getActionType } from './registry';

// The references action types declare with `catalogRef` (catalog-ref.ts), read back from their
// parameter schemas: the one place any code learns which parameter names which kind of entry.

/** One reference parameter of an action type. */
export interface ReferenceParameter {
  parameter: string;
  kind: CatalogRefKind;
  /** A list of codes rather than one. */
  many: boolean;
}

/** One reference an action code makes, with where it is (`parameters.<name>[.<index>]`). */
export interface ParameterReference {
  kind: CatalogRefKind;
  code: string;
  field: string;
}

function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema;
  while (s instanceof z.ZodOptional || s instanceof z.ZodDefault || s instanceof z.ZodNullable || s instanceof z.ZodPrefault) s = s.unwrap() as z.ZodType;
  return s;
}

function refKindOf(schema: z.ZodType): CatalogRefKind | undefined {
  // The mark sits on the schema `catalogRef` returned; wrappers added after it (optional, default) are looked through.
  for (const s of [schema, unwrap(schema)]) {
    const kind = z.globalRegistry.get(s)?.[CATALOG_REF_KEYWORD];
    if (typeof kind === 'string' && (CATALOG_REF_KINDS as readonly string[]).includes(kind)) return kind as CatalogRefKind;
  }
  return undefined;
}

const cache = new WeakMap<ActionTypeDefinition, ReferenceParameter[]>();

/** The parameters of an action type that name other catalog entries, read from its schema. */
export function referenceParameters(type: ActionTypeDefinition): ReferenceParameter[] {
  const cached = cache.get(type);
  if (cached) return cached;
  const found: ReferenceParameter[] = [];
  const params = unwrap(type.parameters);
  if (params instanceof z.ZodObject) {
    for (const [parameter, field] of Object.entries(params.shape as Record<string, z.ZodType>)) {
      const single = refKindOf(field);
      if (single) {
        found.push({ parameter, kind: single, many: false });
        continue;
      }
      const inner = unwrap(field);
      const element = inner instanceof z.ZodArray ? refKindOf(inner.element as z.ZodType) ?? refKindOf(inner) : undefined;
      if (element) found.push({ parameter, kind: element, many: true });
    }
  }
  cache.set(type, found);
  return found;
}

/** The parameters, across every action type, that reference entries of `kind` (one per name and shape). */
export function referenceParametersOfKind(kind: CatalogRefKind): ReferenceParameter[] {
  const unique = new Map<string, ReferenceParameter>();
  for (const ref of ACTION_TYPES.flatMap(referenceParameters)) if (ref.kind === kind) unique.set(`${ref.parameter}:${ref.many}`, ref);
  return [...unique.values()].sort((a, b) => a.parameter.localeCompare(b.parameter));
}

/**
 * The catalog entries an action code's parameters name, as its action type declares them. Values
 * that are not codes (a parameter still invalid) are skipped: validation reports those.
 */
export function actionCodeReferences(actionCode: Pick<ActionCode, 'actionType' | 'parameters'>): ParameterReference[] {
  const type = getActionType(actionCode.actionType);
  if (!type) return [];
  const parameters = actionCode.parameters ?? {};
  const refs: ParameterReference[] = [];
  for (const { parameter, kind, many } of referenceParameters(type)) {
    const value = parameters[parameter];
    if (many && Array.isArray(value)) {
      value.forEach((code, i) => {
        if (typeof code === 'string' && code.length > 0) refs.push({ kind, code, field: `parameters.${parameter}.${i}` });
      });
    } else if (!many && typeof value === 'string' && value.length > 0) {
      refs.push({ kind, code: value, field: `parameters.${parameter}` });
    }
  }
  return refs;
}
