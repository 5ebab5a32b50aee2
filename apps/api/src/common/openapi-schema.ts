import { z } from 'zod';

/** JSON Schema of a zod schema, as OpenAPI 3.1 embeds it (what a client sends: io 'input'). */
export function openApiSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
  return rest;
}
