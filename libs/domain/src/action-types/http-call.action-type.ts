import { ACTION_TYPE_TRAITS } from './action-type-traits';
import { z } from 'zod';
import { Slug } from '../common/ids';
import { defineActionType } from './action-type';
import { catalogRef } from './catalog-ref';

export const HttpCallParameters = z.strictObject({
  provider: catalogRef('providers', Slug, 'Provider whose endpoint, authentication and rate limit are used'),
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).default('POST').describe('HTTP method'),
  path: z.string().regex(/^\//, { error: 'must start with /' }).default('/').describe('Path appended to the endpoint'),
  body: z.string().optional().describe('Body expression over the event (JSON)'),
});

export const httpCallActionType = defineActionType({
  key: 'http-call',
  category: 'integration',
  title: 'HTTP call',
  description: "Calls a partner's web application and records the exchange.",
  parameters: HttpCallParameters,
  outcomes: ['success', 'failure', 'timeout'],
  compensable: ACTION_TYPE_TRAITS['http-call'].compensable,
});
