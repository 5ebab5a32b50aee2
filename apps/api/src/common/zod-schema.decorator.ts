import 'reflect-metadata';
import type { z } from 'zod';

const ZOD_SCHEMA = Symbol('signalbox:zod-schema');
const registry = new Map<string, z.ZodType>();

/**
 * Binds a zod schema to a DTO class: the global ZodValidationPipe parses bodies and queries typed
 * with the class, and the OpenAPI document gets the schema's JSON Schema under the class name.
 */
export function ZodSchema(schema: z.ZodType, name?: string): ClassDecorator {
  return (target) => {
    if (name) Object.defineProperty(target, 'name', { value: name });
    Reflect.defineMetadata(ZOD_SCHEMA, schema, target);
    registry.set(target.name, schema);
  };
}

export function zodSchemaOf(target: unknown): z.ZodType | undefined {
  return typeof target === 'function' ? (Reflect.getMetadata(ZOD_SCHEMA, target) as z.ZodType | undefined) : undefined;
}

export function registeredZodSchemas(): ReadonlyMap<string, z.ZodType> {
  return registry;
}
