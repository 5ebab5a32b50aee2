import { z } from 'zod';
import { Description, Name, ServiceTypeCode, Slug } from '../common/ids';
import { distributorProblems, ProviderDistributor } from './provider-distributor.schema';
import { ProviderFileSettings } from './provider-file.schema';
import { MaintenanceWindow } from '../schedule/maintenance-window';

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
 * Protocols a provider can be given: `http` and `tcp` answer each order on its own; `file` writes
 * orders as encrypted batch files and reads the answers from response files (docs/adding-a-protocol.md).
 */
export const PROVIDER_PROTOCOLS = ['http', 'tcp', 'file'] as const;
export const PROVIDER_STATES = ['draft', 'effective', 'inactive'] as const;

/**
 * The provider's fields without the cross-field rules (`Provider` adds them); for schemas that
 * extend a provider (the frozen one).
 */
export const ProviderFields = z.strictObject({
  code: Slug,
  name: Name,
  description: Description,
  protocol: z.enum(PROVIDER_PROTOCOLS).default('http'),
  /** Tried in order until one answers (http and tcp; a file provider has its folders instead). */
  endpoints: z.array(z.url({ error: 'must be a URL such as http://localhost:4300/hss' })).max(20).default([]),
  /** Protocol `file`: folders, key and batch limits. */
  file: ProviderFileSettings.optional(),
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
  /** Distributors: which services may be provisioned through the provider, and their rules. */
  distributors: z.array(ProviderDistributor).max(50).optional(),
  /** Conditional-access id of each service at the provider (sent with its orders as `caId`). */
  conditionalAccess: z.record(ServiceTypeCode, z.string().trim().min(1).max(100)).optional(),
  /** Hardware the provider needs at the subscriber (e.g. set-top box, smart card). */
  hardware: z.array(z.string().trim().min(1).max(100)).max(50).optional(),
  /** Periods when nothing may be sent: an order due in one waits (durably) until it closes. */
  maintenanceWindows: z.array(MaintenanceWindow).max(20).optional(),
});

/** An external system Signalbox sends service orders or calls to, and how to reach it. */
export const Provider = ProviderFields.check(
  // Runs even when other fields are wrong (`when`), so a missing endpoint or file block is reported
  // with them, field by field; hence it reads the raw input defensively.
  z.superRefine(
    (raw: { protocol?: unknown; endpoints?: unknown; file?: unknown }, ctx) => {
      const protocol = raw.protocol ?? 'http';
      if (typeof protocol !== 'string' || !(PROVIDER_PROTOCOLS as readonly string[]).includes(protocol)) return;
      if (protocol === 'file' && raw.file === undefined) ctx.addIssue({ code: 'custom', path: ['file'], message: 'is required for the file protocol: outbox, inbox and key' });
      if (protocol !== 'file' && (raw.endpoints === undefined || (Array.isArray(raw.endpoints) && raw.endpoints.length === 0))) {
        ctx.addIssue({ code: 'custom', path: ['endpoints'], message: 'needs at least one endpoint URL' });
      }
      if (protocol !== 'file' && raw.file !== undefined) ctx.addIssue({ code: 'custom', path: ['file'], message: `is only for the file protocol (this provider uses ${protocol})` });
    },
    { when: () => true },
  ),
).superRefine((p, ctx) => {
  for (const issue of distributorProblems(p.distributors ?? [])) ctx.addIssue({ code: 'custom', ...issue });
});
export type Provider = z.infer<typeof Provider>;
