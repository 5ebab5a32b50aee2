/* eslint-disable @typescript-eslint/no-explicit-any -- OpenAPI documents and JSON Schemas are read as loose JSON */
import fc from 'fast-check';

/** One operation of the OpenAPI document. */
export interface Operation {
  method: string;
  path: string;
  permission: string;
  parameters: { name: string; in: 'path' | 'query'; required: boolean; schema: any }[];
  body?: any;
}

/** A request to send: the path already filled and encoded, the body as text (or none). */
export interface FuzzRequest {
  operation: Operation;
  method: string;
  url: string;
  body?: string;
}

export function operationsOf(doc: any): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries<any>(doc.paths)) {
    for (const [method, op] of Object.entries<any>(item)) {
      if (!op || typeof op !== 'object' || !op.responses) continue;
      const parameters = (op.parameters ?? []).filter((p: any) => p.in === 'path' || p.in === 'query').map((p: any) => ({ name: p.name, in: p.in, required: Boolean(p.required), schema: p.schema ?? { type: 'string' } }));
      const body = op.requestBody?.content?.['application/json']?.schema;
      ops.push({ method: method.toUpperCase(), path, permission: op['x-signalbox-permission'], parameters, body: body && resolve(doc, body) });
    }
  }
  return ops;
}

function resolve(doc: any, schema: any): any {
  if (schema?.$ref) return resolve(doc, schema.$ref.replace(/^#\//, '').split('/').reduce((o: any, k: string) => o?.[k], doc));
  return schema;
}

/** Values that have broken APIs before: lone surrogates, NUL, huge and odd numbers, wrong types, injections, size. */
const HOSTILE: unknown[] = [
  '\ud800',
  'x\udc00y',
  'a\u0000b',
  '\u0000',
  '',
  ' ',
  '%00',
  '%',
  '../../etc/passwd',
  "'; DROP TABLE api_keys; --",
  '" OR 1=1 --',
  '{{ $eval("1+1") }}',
  '$random()',
  '\u202e\u0301\ufeff',
  '😀'.repeat(50),
  'x'.repeat(70_000),
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER + 2,
  -0,
  0.5,
  -1,
  2 ** 31,
  0,
  null,
  true,
  false,
  [],
  {},
  [[[[[[]]]]]],
  { __proto__: { polluted: true } },
  { constructor: { prototype: { polluted: true } } },
];
const hostile = fc.constantFrom(...HOSTILE);

/** Strings for path parameters and identifiers: known ones (so requests reach the code behind the 404s) and hostile ones. */
export function identifierArbitrary(known: readonly string[]): fc.Arbitrary<string> {
  const strings = HOSTILE.filter((v): v is string => typeof v === 'string' && v.length < 1000);
  return fc.oneof(
    { weight: 5, arbitrary: known.length ? fc.constantFrom(...known) : fc.constant('NONE') },
    { weight: 2, arbitrary: fc.constantFrom(...strings) },
    { weight: 1, arbitrary: fc.string({ maxLength: 80, unit: 'grapheme' }) },
    { weight: 1, arbitrary: fc.uuid() },
  );
}

/** A value of the schema, as a client that read the documentation would send (mostly valid). */
export function schemaArbitrary(schema: any, doc: any, known: readonly string[], depth = 0): fc.Arbitrary<unknown> {
  schema = resolve(doc, schema) ?? {};
  if (depth > 8) return fc.constant(null);
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...schema.enum);
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (Array.isArray(alternatives)) return fc.oneof(...alternatives.map((s: any) => schemaArbitrary(s, doc, known, depth + 1)));
  if (Array.isArray(schema.type)) return fc.oneof(...schema.type.map((type: string) => schemaArbitrary({ ...schema, type }, doc, known, depth + 1)));
  switch (schema.type) {
    case 'object': {
      const properties: Record<string, any> = schema.properties ?? {};
      const model = Object.fromEntries(Object.entries(properties).map(([k, s]) => [k, schemaArbitrary(s, doc, known, depth + 1)]));
      if (Object.keys(model).length === 0) return fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 });
      return fc.record(model, { requiredKeys: (schema.required ?? []).filter((k: string) => k in model) });
    }
    case 'array': {
      const minLength = Math.min(schema.minItems ?? 0, 4);
      return fc.array(schemaArbitrary(schema.items ?? {}, doc, known, depth + 1), { minLength, maxLength: Math.max(minLength, Math.min(schema.maxItems ?? 4, 4)) });
    }
    case 'string':
      return stringArbitrary(schema, known);
    case 'integer':
      return fc.integer({ min: Math.max(schema.minimum ?? -1000, -(2 ** 31)), max: Math.min(schema.maximum ?? 100_000, 2 ** 31) });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function stringArbitrary(schema: any, known: readonly string[]): fc.Arbitrary<string> {
  if (schema.format === 'date-time') return fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
  if (schema.format === 'uri') return fc.webUrl();
  const maxLength = Math.min(schema.maxLength ?? 40, 40);
  const minLength = Math.min(schema.minLength ?? 0, maxLength);
  if (schema.pattern) {
    let matching: fc.Arbitrary<string>;
    try {
      matching = fc.stringMatching(new RegExp(schema.pattern), { size: 'xsmall' });
    } catch {
      matching = fc.string({ minLength, maxLength });
    }
    const fitting = known.filter((k) => safeTest(schema.pattern, k));
    return fitting.length ? fc.oneof(matching, fc.constantFrom(...fitting)) : matching;
  }
  return fc.string({ minLength, maxLength });
}

function safeTest(pattern: string, value: string): boolean {
  try {
    return new RegExp(pattern).test(value);
  } catch {
    return false;
  }
}

/** Every path to a value inside a JSON value (the root is []). */
function pathsOf(value: unknown, path: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(path);
  if (value && typeof value === 'object' && out.length < 500) {
    for (const [k, v] of Object.entries(value)) pathsOf(v, [...path, Array.isArray(value) ? Number(k) : k], out);
  }
  return out;
}

/** The value with one place replaced by a hostile value, removed, or given an unknown sibling. */
function mutate(value: unknown, pick: number, kind: number, replacement: unknown): unknown {
  const copy = structuredClone(value);
  const paths = pathsOf(copy);
  const path = paths[pick % paths.length];
  if (path.length === 0) return replacement;
  const parent = path.slice(0, -1).reduce<any>((o, k) => o[k], copy);
  const key = path[path.length - 1];
  if (kind === 0 && !Array.isArray(parent)) delete parent[key];
  else if (kind === 1 && !Array.isArray(parent)) parent[`unknown_${String(key)}`] = replacement;
  else parent[key] = replacement;
  return copy;
}

/** A body: mostly schema-shaped, often mutated in one place, sometimes not JSON or not an object at all. */
export function bodyArbitrary(schema: any, doc: any, known: readonly string[]): fc.Arbitrary<string> {
  const valid = schemaArbitrary(schema, doc, known);
  const mutated = fc.tuple(valid, fc.nat(), fc.nat({ max: 3 }), hostile).map(([v, pick, kind, h]) => mutate(v, pick, kind, h));
  const raw = fc.constantFrom('{', '{"a":', '[1,2', 'null', '"text"', '42', '{"password":"hunter2', '\u0000', '{"a":"\\ud800"}', '{"a":"\\u0000"}', JSON.stringify({ deep: nested(3000) }));
  return fc.oneof(
    { weight: 4, arbitrary: valid.map((v) => JSON.stringify(v)) },
    { weight: 5, arbitrary: mutated.map((v) => JSON.stringify(v) ?? 'null') },
    { weight: 1, arbitrary: raw },
  );
}

function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

/** Encodes a path segment; a lone surrogate cannot be percent-encoded as UTF-8, so it goes as its CESU bytes. */
function encodeSegment(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return encodeURIComponent(value.replace(/[\ud800-\udfff]/g, '')) + '%ED%A0%80';
  }
}

/** Requests for one operation: path parameters from known identifiers, query parameters from their schemas, bodies as above. */
export function requestArbitrary(op: Operation, doc: any, known: readonly string[]): fc.Arbitrary<FuzzRequest> {
  const pathParams = op.parameters.filter((p) => p.in === 'path');
  const queryParams = op.parameters.filter((p) => p.in === 'query');
  const queryValue = (schema: any) =>
    fc.oneof({ weight: 4, arbitrary: schemaArbitrary(schema, doc, known).map(String) }, { weight: 1, arbitrary: hostile.map((h) => (typeof h === 'string' ? h : JSON.stringify(h))) });
  const query = fc.record(Object.fromEntries(queryParams.map((p) => [p.name, queryValue(p.schema)])), { requiredKeys: [] });
  const extraQuery = fc.option(fc.tuple(fc.constantFrom('unknown', 'page', '__proto__'), fc.string({ maxLength: 10 })), { freq: 8 });
  const segments = fc.tuple(...pathParams.map(() => identifierArbitrary(known)));
  const body = op.body ? fc.option(bodyArbitrary(op.body, doc, known), { freq: 20 }) : fc.option(fc.constant('{}'), { freq: 2 });
  return fc.tuple(segments, query, extraQuery, body).map(([values, q, extra, text]) => {
    let path = op.path;
    pathParams.forEach((p, i) => (path = path.replace(`{${p.name}}`, encodeSegment(values[i]))));
    const search = Object.entries(q as Record<string, string>).map(([k, v]) => `${encodeURIComponent(k)}=${encodeSegment(v)}`);
    if (extra) search.push(`${extra[0]}=${encodeSegment(extra[1])}`);
    return { operation: op, method: op.method, url: search.length ? `${path}?${search.join('&')}` : path, body: text ?? undefined };
  });
}
