import { z } from 'zod';

/** Upper-case business code: event codes, action codes, event types, templates (e.g. SIM_SWAP). */
export const Code = z
  .string({ error: 'must be a text code such as SIM_SWAP' })
  .regex(/^[A-Z][A-Z0-9_]{1,63}$/, {
    error: 'use 2–64 upper-case letters, digits or underscores, starting with a letter (e.g. SIM_SWAP)',
  });
export type Code = z.infer<typeof Code>;

/** Lower-case slug: providers, action-type keys (e.g. hss-main, http-call). */
export const Slug = z
  .string({ error: 'must be a text key such as hss-main' })
  .regex(/^[a-z][a-z0-9-]{1,63}$/, {
    error: 'use 2–64 lower-case letters, digits or dashes, starting with a letter (e.g. hss-main)',
  });
export type Slug = z.infer<typeof Slug>;

/** Service type codes are paths, as in the billing systems they come from (e.g. /service/telco/gprs). */
export const ServiceTypeCode = z
  .string({ error: 'must be a service type path such as /service/telco/gprs' })
  .regex(/^(\/[a-z0-9_-]+){2,6}$/, {
    error: 'use a path of 2–6 lower-case segments (e.g. /service/telco/gprs)',
  });
export type ServiceTypeCode = z.infer<typeof ServiceTypeCode>;

/** Stable id of a node or edge inside one workflow graph; never a display name. */
export const ElementId = z
  .string({ error: 'must be an id' })
  .regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'use 1–64 letters, digits, dashes or underscores' });
export type ElementId = z.infer<typeof ElementId>;

export const Name = z.string({ error: 'is required' }).trim().min(1, { error: 'is required' }).max(200);
export const Description = z.string().max(2000).optional();
