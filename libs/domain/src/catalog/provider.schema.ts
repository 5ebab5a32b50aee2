import { z } from 'zod';
import { Description, Name, Slug } from '../common/ids';

/**
 * Provider authentication. Secret fields (password, value, secret) are write-only: the API stores
 * them encrypted and returns `ProviderView`, where each is replaced by a `…Set` flag.
 */
export const ProviderAuth = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('none') }),
  z.strictObject({ type: z.literal('basic'), username: z.string().min(1), password: z.string().min(1).optional() }),
  z.strictObject({ type: z.literal('header'), header: z.string().regex(/^[A-Za-z0-9-]+$/), value: z.string().min(1).optional() }),
  z.strictObject({ type: z.literal('signature'), keyId: z.string().min(1), secret: z.string().min(16, { error: 'must be at least 16 characters' }).optional() }),
]);
export type ProviderAuth = z.infer<typeof ProviderAuth>;
export const SECRET_AUTH_FIELDS = ['password', 'value', 'secret'] as const;
export type SecretAuthField = (typeof SECRET_AUTH_FIELDS)[number];

/**
 * The one map of which auth field is secret, per auth type: encrypted at rest, write-only in the
 * API (shown as `<field>Set`), a password input in the designer.
 */
export const SECRET_FIELD_OF = { none: undefined, basic: 'password', header: 'value', signature: 'secret' } as const satisfies Record<ProviderAuth['type'], SecretAuthField | undefined>;

/** The secret field of an auth type, if it has one. */
export function secretFieldOf(authType: ProviderAuth['type']): SecretAuthField | undefined {
  return SECRET_FIELD_OF[authType];
}

/**
 * Protocols a provider can be given. `file` (generic-format file export) has no adapter yet, so it
 * is refused with a clear message instead of failing at run time; it joins this list with its adapter.
 */
export const PROVIDER_PROTOCOLS = ['http', 'tcp'] as const;
/** Protocols known but not selectable yet, with the reason shown to the user. */
const UNAVAILABLE_PROTOCOLS: Record<string, string> = { file: 'file protocol is not available yet' };
export const PROVIDER_STATES = ['draft', 'effective', 'inactive'] as const;

/** An external system Signalbox sends service orders or calls to, and how to reach it. */
export const Provider = z.strictObject({
  code: Slug,
  name: Name,
  description: Description,
  protocol: z
    .enum(PROVIDER_PROTOCOLS, { error: (issue) => (typeof issue.input === 'string' ? UNAVAILABLE_PROTOCOLS[issue.input] : undefined) })
    .default('http'),
  /** Tried in order until one answers. */
  endpoints: z.array(z.url({ error: 'must be a URL such as http://localhost:4300/hss' })).min(1, { error: 'needs at least one endpoint URL' }),
  auth: ProviderAuth.default({ type: 'none' }),
  requestTimeoutMs: z.number().int().min(100).max(600_000).default(10_000),
  /**
   * async: several orders in flight at once (each answered directly or by a callback later);
   * sync: one order at a time, each answer (or its timeout) awaited before the next is sent, across
   * every run and worker (the seeds' AsyncMode off).
   */
  mode: z.enum(['sync', 'async']).default('async'),
  rateLimit: z.strictObject({ perSecond: z.number().positive().max(10_000), burst: z.number().int().min(1).max(10_000).default(1) }).optional(),
  /** Several orders for one service at once (otherwise they queue one at a time). */
  allowInFlightChanges: z.boolean().default(false),
  /** Only an effective provider can be used by a published workflow. */
  state: z.enum(PROVIDER_STATES).default('draft'),
});
export type Provider = z.infer<typeof Provider>;
