import { z } from 'zod';

export const AuthConfig = z.discriminatedUnion('type', [
  z.object({ type: z.literal('none') }).strict(),
  z.object({ type: z.literal('basic'), username: z.string().min(1), password: z.string() }).strict(),
  z.object({ type: z.literal('header'), name: z.string().min(1), value: z.string().min(1) }).strict(),
  z
    .object({
      type: z.literal('signature'),
      keyId: z.string().min(1),
      secret: z.string().min(1),
      maxSkewSeconds: z.number().int().positive().optional(),
    })
    .strict(),
  /** `Authorization: Bearer <token>`, as a push gateway expects. */
  z.object({ type: z.literal('bearer'), token: z.string().min(1) }).strict(),
]);
export type AuthConfig = z.infer<typeof AuthConfig>;

const count = z.number().int().min(0);

/** What `PUT /control/providers/:code` accepts: every field optional, merged onto the current behaviour. */
export const BehaviourPatch = z
  .object({
    mode: z.enum(['sync', 'async']),
    latencyMs: count,
    failRate: z.number().min(0).max(1),
    /** Makes failRate deterministic: the same seed fails the same orders. */
    seed: z.number().int(),
    failNext: count,
    errorNext: count,
    hang: z.boolean(),
    /** Hang only the next N orders, then answer normally again. */
    hangNext: count,
    down: z.boolean(),
    callbackDelayMs: count,
    /** Extra headers sent with async callbacks, e.g. the agent key Signalbox asks for. */
    callbackHeaders: z.record(z.string(), z.string()),
    auth: AuthConfig,
    /** Push gateway: device tokens answered 404 UNREGISTERED (the app was uninstalled). */
    pushUnregistered: z.array(z.string().min(1).max(4096)).max(1000),
    /** SMS gateway: the delivery report sent for each message that names a reportUrl ("none": no report). */
    deliveryReport: z.enum(['delivered', 'undeliverable', 'none']),
    deliveryReportDelayMs: count,
  })
  .partial()
  .strict();
export type BehaviourPatch = z.infer<typeof BehaviourPatch>;

export interface Behaviour {
  mode: 'sync' | 'async';
  latencyMs: number;
  failRate: number;
  seed?: number;
  failNext: number;
  errorNext: number;
  hang: boolean;
  hangNext: number;
  down: boolean;
  callbackDelayMs: number;
  callbackHeaders: Record<string, string>;
  auth: AuthConfig;
  pushUnregistered: string[];
  deliveryReport: 'delivered' | 'undeliverable' | 'none';
  deliveryReportDelayMs: number;
}

export function defaultBehaviour(): Behaviour {
  return {
    mode: 'sync',
    latencyMs: 0,
    failRate: 0,
    failNext: 0,
    errorNext: 0,
    hang: false,
    hangNext: 0,
    down: false,
    callbackDelayMs: 0,
    callbackHeaders: {},
    auth: { type: 'none' },
    pushUnregistered: [],
    deliveryReport: 'delivered',
    deliveryReportDelayMs: 0,
  };
}

/** A provider's behaviour plus the random source its failRate draws from. */
export class ProviderBehaviour {
  private random: () => number;

  constructor(public config: Behaviour = defaultBehaviour()) {
    this.random = randomSource(config.seed);
  }

  apply(patch: BehaviourPatch): void {
    this.config = { ...this.config, ...patch };
    if (patch.seed !== undefined || patch.failRate !== undefined) this.random = randomSource(this.config.seed);
  }

  /** Consumes one of the `errorNext` injected HTTP 500s, if any are left. */
  takeError(): boolean {
    if (this.config.errorNext <= 0) return false;
    this.config.errorNext -= 1;
    return true;
  }

  /** Whether this request hangs: `hang` is on, or one of the `hangNext` is left. */
  takeHang(): boolean {
    if (this.config.hang) return true;
    if (this.config.hangNext <= 0) return false;
    this.config.hangNext -= 1;
    return true;
  }

  /** Decides whether this order fails by injection: `failNext` first, then the fail rate. */
  takeFailure(): string | undefined {
    if (this.config.failNext > 0) {
      this.config.failNext -= 1;
      return 'injected failure (failNext)';
    }
    if (this.config.failRate > 0 && this.random() < this.config.failRate) return 'injected failure (failRate)';
    return undefined;
  }

  /** The configuration without credential values, for the control API and the dashboard. */
  view(): Behaviour {
    const { auth } = this.config;
    const hidden = '[redacted]';
    const safeAuth: AuthConfig =
      auth.type === 'basic'
        ? { ...auth, password: hidden }
        : auth.type === 'header'
          ? { ...auth, value: hidden }
          : auth.type === 'signature'
            ? { ...auth, secret: hidden }
            : auth.type === 'bearer'
              ? { ...auth, token: hidden }
              : auth;
    const callbackHeaders = Object.fromEntries(Object.keys(this.config.callbackHeaders).map((k) => [k, hidden]));
    return { ...this.config, auth: safeAuth, callbackHeaders };
  }
}

function randomSource(seed: number | undefined): () => number {
  if (seed === undefined) return Math.random;
  // mulberry32: tiny, fast and good enough to make injected failures reproducible.
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
