import { z } from 'zod';

/** Pagination, sorting and text search shared by every list endpoint. */
export const listQueryShape = {
  page: z.coerce.number({ error: 'must be a page number (1, 2, …)' }).int({ error: 'must be a page number (1, 2, …)' }).min(1, { error: 'must be 1 or more' }).default(1).describe('Page number, from 1.'),
  pageSize: z.coerce
    .number({ error: 'must be a number from 1 to 200' })
    .int({ error: 'must be a number from 1 to 200' })
    .min(1, { error: 'must be at least 1' })
    .max(200, { error: 'must be at most 200' })
    .default(50)
    .describe('Entries per page (at most 200).'),
  order: z.enum(['asc', 'desc'], { error: 'must be asc or desc' }).default('asc').describe('Sort direction.'),
  q: z.string().trim().max(200).optional().describe('Text to search for in the code, name and description (case-insensitive).'),
};

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export function listQuery<S extends readonly [string, ...string[]], F extends z.ZodRawShape>(sortFields: S, filters: F) {
  return z.strictObject({
    ...listQueryShape,
    sort: z.enum(sortFields, { error: `must be one of ${sortFields.join(', ')}` }).default(sortFields[0] as S[0]).describe('Field to sort by.'),
    ...filters,
  });
}
