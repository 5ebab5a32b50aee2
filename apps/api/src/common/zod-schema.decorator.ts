import 'reflect-metadata';
import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';
import type { z } from 'zod';
import { openApiSchema } from './openapi-schema';

const ZOD_SCHEMA = Symbol('signalbox:zod-schema');
const registry = new Map<string, z.ZodType>();

/**
 * Binds a zod schema to a DTO class: the global ZodValidationPipe parses bodies and queries typed
 * with the class, and the OpenAPI document gets the schema's JSON Schema under the class name.
 * Its scalar fields are also declared as swagger properties, which is how `@Query() q: Dto` becomes
 * one documented query parameter per field.
 */
export function ZodSchema(schema: z.ZodType, name?: string): ClassDecorator {
  return (target) => {
    if (name) Object.defineProperty(target, 'name', { value: name });
    Reflect.defineMetadata(ZOD_SCHEMA, schema, target);
    registry.set(target.name, schema);
    for (const [key, options] of Object.entries(scalarProperties(schema))) ApiProperty(options)(target.prototype as object, key);
  };
}

const SCALAR_KEYWORDS = ['enum', 'default', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minLength', 'maxLength', 'pattern', 'format', 'description'] as const;
const SCALAR_TYPES = new Set(['string', 'number', 'integer', 'boolean']);

function scalarProperties(schema: z.ZodType): Record<string, ApiPropertyOptions> {
  const json = openApiSchema(schema) as { type?: string; properties?: Record<string, Record<string, unknown>>; required?: string[] };
  if (json.type !== 'object' || !json.properties) return {};
  const out: Record<string, ApiPropertyOptions> = {};
  for (const [key, property] of Object.entries(json.properties)) {
    const type = typeof property.type === 'string' ? property.type : Array.isArray(property.enum) ? 'string' : undefined;
    if (!type || !SCALAR_TYPES.has(type)) continue;
    const options: Record<string, unknown> = { type, required: json.required?.includes(key) ?? false };
    for (const keyword of SCALAR_KEYWORDS) if (property[keyword] !== undefined) options[keyword] = property[keyword];
    // zod's .int() adds the safe-integer bounds: noise in the docs.
    if (options.maximum === Number.MAX_SAFE_INTEGER) delete options.maximum;
    if (options.minimum === Number.MIN_SAFE_INTEGER) delete options.minimum;
    out[key] = options as ApiPropertyOptions;
  }
  return out;
}

export function zodSchemaOf(target: unknown): z.ZodType | undefined {
  return typeof target === 'function' ? (Reflect.getMetadata(ZOD_SCHEMA, target) as z.ZodType | undefined) : undefined;
}

export function registeredZodSchemas(): ReadonlyMap<string, z.ZodType> {
  return registry;
}
