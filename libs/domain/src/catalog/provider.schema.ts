import { z } from 'zod';
import { Description, Name, ServiceTypeCode, Slug } from '../common/ids';
import { distributorProblems, ProviderDistributor } from './provider-distributor.schema';
import { ProviderFileSettings } from './provider-file.schema';
import { ProviderLetterSettings, ProviderPushSettings } from './provider-channel.schema';
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
  /** `Authorization: Bearer <token>` (a push gateway's access token). */
  z.strictObject({ type: z.literal('bearer'), token: z.string().min(1).max(4096).optional() }),
]);
export type ProviderAuth = z.infer<typeof ProviderAuth>;
export const SECRET_AUTH_FIELDS = ['password', 'value', 'secret', 'token'] as const;
export type SecretAuthField = (typeof SECRET_AUTH_FIELDS)[number];

/**
 * The one map of which auth field is secret, per auth type: encrypted at rest, write-only in the
 * API (shown as `<field>Set`), a password input in the designer.
 */
export const SECRET_FIELD_OF = { none: undefined, basic: 'password', header: 'value', signature: 'secret', bearer: 'token' } as const satisfies Record<ProviderAuth['type'], SecretAuthField | undefined>;

/** The secret field of an auth type, if it has one. */
export function secretFieldOf(authType: ProviderAuth['type']): SecretAuthField | undefined {
  return SECRET_FIELD_OF[authType];
}

/**
 * Protocols a provider can be given: `http` and `tcp` answer each order on its own; `file` writes
 * orders as encrypted batch files and reads the answers from response files (docs/adding-a-protocol.md).
 * The message channels' providers: `sms` (an HTTP message gateway, which may send delivery
 * reports), `push` (an FCM HTTP v1 style gateway) and `letter` (PDF files in an outbox with a
 * print-batch manifest). A communication action code names one of these with `provider`.
 */
export const PROVIDER_PROTOCOLS = ['http', 'tcp', 'file', 'sms', 'push', 'letter'] as const;
export type ProviderProtocol = (typeof PROVIDER_PROTOCOLS)[number];
/** Protocols whose provider is reached by URL (the others have folders). */
const FOLDER_PROTOCOLS: readonly string[] = ['file', 'letter'];
/** The settings block each protocol has of its own (and no other protocol may carry). */
const SETTINGS_OF: Partial<Record<ProviderProtocol, 'file' | 'push' | 'letter'>> = { file: 'file', push: 'push', letter: 'letter' };
const REQUIRED_SETTING: Record<'file' | 'push' | 'letter', { path: string[]; message: string }> = {
  file: { path: ['file'], message: 'is required for the file protocol: outbox, inbox and key' },
  push: { path: ['push', 'project'], message: 'is required for the push protocol: the gateway project id' },
  letter: { path: ['letter', 'outbox'], message: 'is required for the letter protocol: the folder letters are written to' },
};
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
  /** Protocol `push`: the gateway project messages are sent under. */
  push: ProviderPushSettings.optional(),
  /** Protocol `letter`: the outbox folder and print-batch limits. */
  letter: ProviderLetterSettings.optional(),
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
    (raw: { protocol?: unknown; endpoints?: unknown; file?: unknown; push?: unknown; letter?: unknown }, ctx) => {
      const protocol = raw.protocol ?? 'http';
      if (typeof protocol !== 'string' || !(PROVIDER_PROTOCOLS as readonly string[]).includes(protocol)) return;
      const own = SETTINGS_OF[protocol as ProviderProtocol];
      if (own && raw[own] === undefined) ctx.addIssue({ code: 'custom', ...REQUIRED_SETTING[own] });
      if (!FOLDER_PROTOCOLS.includes(protocol) && (raw.endpoints === undefined || (Array.isArray(raw.endpoints) && raw.endpoints.length === 0))) {
        ctx.addIssue({ code: 'custom', path: ['endpoints'], message: 'needs at least one endpoint URL' });
      }
      for (const block of ['file', 'push', 'letter'] as const) {
        if (block !== own && raw[block] !== undefined) ctx.addIssue({ code: 'custom', path: [block], message: `is only for the ${block} protocol (this provider uses ${protocol})` });
      }
    },
    { when: () => true },
  ),
).superRefine((p, ctx) => {
  for (const issue of distributorProblems(p.distributors ?? [])) ctx.addIssue({ code: 'custom', ...issue });
});
export type Provider = z.infer<typeof Provider>;
