import { CATALOG_REF_KEYWORD, CATALOG_REF_KINDS, type CatalogRefKind } from '@signalbox/domain';

/** The part of JSON Schema that action types use for their parameters, turned into form fields. */
export type SchemaFieldKind = 'string' | 'enum' | 'number' | 'integer' | 'boolean' | 'string-list' | 'unsupported';

export interface SchemaField {
  name: string;
  kind: SchemaFieldKind;
  label: string;
  required: boolean;
  help?: string;
  options?: string[];
  defaultValue?: unknown;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  /** The catalog entries the field names, as the action type declares it (a select of their codes). */
  catalogRef?: CatalogRefKind;
}

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: unknown[];
  items?: JsonSchema;
  description?: string;
  default?: unknown;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  anyOf?: JsonSchema[];
  [CATALOG_REF_KEYWORD]?: unknown;
}

function catalogRefOf(s: JsonSchema): CatalogRefKind | undefined {
  const mark = s[CATALOG_REF_KEYWORD] ?? s.anyOf?.map((x) => x[CATALOG_REF_KEYWORD]).find((x) => x !== undefined);
  return (CATALOG_REF_KINDS as readonly unknown[]).includes(mark) ? (mark as CatalogRefKind) : undefined;
}

/** "serviceType" → "Service type", "maxWait" → "Max wait". */
export function humanize(name: string): string {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function kindOf(s: JsonSchema): SchemaFieldKind {
  if (s.anyOf) {
    const nonNull = s.anyOf.filter((x) => x.type !== 'null');
    if (nonNull.length === 1) return kindOf(nonNull[0]);
  }
  if (Array.isArray(s.enum)) return 'enum';
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  if (type === 'string') return 'string';
  if (type === 'number') return 'number';
  if (type === 'integer') return 'integer';
  if (type === 'boolean') return 'boolean';
  if (type === 'array' && s.items && (s.items.type === 'string' || Array.isArray(s.items.enum))) return 'string-list';
  return 'unsupported';
}

export function schemaFields(schema: Record<string, unknown> | undefined): SchemaField[] {
  const s = (schema ?? {}) as JsonSchema;
  const required = new Set(s.required ?? []);
  return Object.entries(s.properties ?? {}).map(([name, prop]) => {
    const kind = kindOf(prop);
    return {
      name,
      kind,
      label: humanize(name),
      required: required.has(name),
      help: prop.description,
      options: kind === 'enum' ? (prop.enum ?? []).map(String) : undefined,
      defaultValue: prop.default,
      pattern: prop.pattern,
      minimum: prop.minimum,
      maximum: prop.maximum,
      catalogRef: catalogRefOf(prop),
    };
  });
}

/** A form value back into the parameters object: empty optional fields are left out, numbers parsed. */
export function setParameter(params: Record<string, unknown>, field: SchemaField, raw: unknown): Record<string, unknown> {
  const next = { ...params };
  let value: unknown = raw;
  if (field.kind === 'number' || field.kind === 'integer') value = raw === '' || raw === undefined ? undefined : Number(raw);
  if (field.kind === 'string' || field.kind === 'enum') value = raw === '' ? undefined : raw;
  if (field.kind === 'string-list') value = Array.isArray(raw) ? raw : undefined;
  if (value === undefined) delete next[field.name];
  else next[field.name] = value;
  return next;
}

/** Client-side hints before the API answers: missing required values and pattern mismatches. */
export function checkParameters(fields: SchemaField[], params: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields) {
    const v = params[f.name];
    if (f.required && (v === undefined || v === '')) out[f.name] = 'is required';
    else if (typeof v === 'string' && f.pattern && !new RegExp(f.pattern).test(v)) out[f.name] = 'has the wrong format';
    else if (typeof v === 'number' && Number.isNaN(v)) out[f.name] = 'must be a number';
  }
  return out;
}
