import { registerAs } from '@nestjs/config';
import { z } from 'zod';
import { MESSAGE_LIMITS } from '@signalbox/domain';
import { envUrl, parseEnv, SecretKey, SharedEnv, tracingSettings, type LogFormat, type LogLevelName, type TracingSettings } from '@signalbox/contracts';
import { TemporalConnectionConfigError, temporalConnectionFromEnv, type TemporalConnectionOptions, type TemporalConnectionSettings } from '@signalbox/contracts/temporal-connection';

/**
 * Every environment variable the API reads, with its default. The variables it shares with the
 * worker (database, secret key, Temporal, simulator, personal-key indexing) keep their rules in
 * contracts' SharedEnv; only what the API alone reads, or requires, is declared here.
 */
export const ApiEnv = SharedEnv.extend({
  PORT: z.coerce.number({ error: 'must be a port number' }).int().min(0).max(65535, { error: 'must be a port number (0–65535)' }).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  /** Required here: the API writes provider secrets. */
  SIGNALBOX_SECRET_KEY: SecretKey,
  SIGNALBOX_ADMIN_KEY: z
    .string()
    .regex(/^sbx_[a-f0-9]{12}_[A-Za-z0-9_-]{16,}$/, { error: 'must look like sbx_<12 hex>_<secret of 16+ characters>' })
    .optional(),
  SIGNALBOX_DEMO_CATALOG: z.enum(['auto', 'off'], { error: 'must be auto or off' }).default('off'),
  TEMPORAL_UI_URL: envUrl('http://localhost:8233').default('http://localhost:8233'),
  /** Time to receive a whole request (headers and body); slower senders get 408 and are cut off. */
  HTTP_REQUEST_TIMEOUT_MS: z.coerce.number({ error: 'must be milliseconds' }).int().min(500, { error: 'must be at least 500 (ms)' }).max(600_000).default(15_000),
  /** Calls per minute and API key to the expensive endpoints (validate, preview, test-run, batch); 0 turns the limit off. */
  SIGNALBOX_EXPENSIVE_CALLS_PER_MINUTE: z.coerce.number({ error: 'must be a number' }).int().min(0).max(1_000_000).default(60),
  /** Calls per minute and API key to the TMF641 endpoints (/tmf-api), each key its own bucket; 0 turns the limit off. */
  SIGNALBOX_INTEGRATION_CALLS_PER_MINUTE: z.coerce.number({ error: 'must be a number' }).int().min(0).max(1_000_000).default(600),
  /** How far ahead an event may be scheduled (scheduledAt). */
  SIGNALBOX_MAX_SCHEDULE_DAYS: z.coerce.number({ error: 'must be a number of days' }).int().min(1).max(3650).default(400),
  /** Threads that validate workflows and render template previews, off the event loop. */
  SIGNALBOX_EVALUATION_THREADS: z.coerce.number().int().min(1).max(16).default(2),
  /** A validation or preview running longer is stopped (its thread terminated) and answered 422. */
  SIGNALBOX_EVALUATION_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  /** After a cancel, a run whose workflow task keeps failing is terminated once this has passed. */
  SIGNALBOX_CANCEL_GRACE_MS: z.coerce.number().int().min(0).max(3_600_000).default(30_000),
  SIGNALBOX_EVALUATION_HEAP_MB: z.coerce.number().int().min(32).max(4096).default(256),
  /** How long a message no run is waiting for is buffered when the sender gives no ttlSeconds. */
  SIGNALBOX_MESSAGE_TTL_SECONDS: z.coerce.number({ error: 'must be a number of seconds' }).int().min(0).max(MESSAGE_LIMITS.maxTtlSeconds).default(3600),
  /** The longest ttlSeconds a sender may ask for. */
  SIGNALBOX_MESSAGE_MAX_TTL_SECONDS: z.coerce.number({ error: 'must be a number of seconds' }).int().min(0).max(MESSAGE_LIMITS.maxTtlSeconds).default(7 * 86_400),
  /** How often file providers' inbox folders are read for response files; 0 turns the reader off. */
  SIGNALBOX_FILE_INBOX_POLL_MS: z.coerce.number({ error: 'must be milliseconds' }).int().min(0).max(3_600_000).default(2000),
}).refine((e) => e.SIGNALBOX_MESSAGE_TTL_SECONDS <= e.SIGNALBOX_MESSAGE_MAX_TTL_SECONDS, {
  path: ['SIGNALBOX_MESSAGE_TTL_SECONDS'],
  error: 'must not exceed SIGNALBOX_MESSAGE_MAX_TTL_SECONDS',
});
export type ApiEnv = z.infer<typeof ApiEnv>;

/** Where test runs and the demo catalog reach the simulator when SIMULATOR_URL is unset. */
const DEFAULT_SIMULATOR_URL = 'http://localhost:4300';

export interface ApiConfig {
  port: number;
  host: string;
  databaseUrl: string;
  databasePoolSize: number;
  secretKey: string;
  adminKey?: string;
  demoCatalog: 'auto' | 'off';
  simulatorUrl: string;
  temporal: {
    address: string;
    namespace: string;
    taskQueue: string;
    uiUrl: string;
    /** TLS, mTLS and API key as read from TEMPORAL_*, certificates already loaded. */
    connection: { settings: TemporalConnectionSettings; options: TemporalConnectionOptions };
  };
  indexPersonalKeys: boolean;
  requestTimeoutMs: number;
  expensiveCallsPerMinute: number;
  integrationCallsPerMinute: number;
  maxScheduleDays: number;
  evaluation: { threads: number; timeoutMs: number; heapMb: number };
  cancelGraceMs: number;
  /** Buffering of correlated messages (POST /api/messages). */
  messageTtl: { defaultSeconds: number; maxSeconds: number };
  /** File providers' inbox reader: milliseconds between reads (0: off). */
  fileInboxPollMs: number;
  /** debug also prints every mapped route at start-up. */
  logLevel: LogLevelName;
  /** text, or json: one JSON object per line (Nest's JSON console logger), secrets redacted. */
  logFormat: LogFormat;
  /** OpenTelemetry traces (OTEL_EXPORTER_OTLP_ENDPOINT); absent: off. */
  tracing?: TracingSettings;
}

export class ConfigurationError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n')}`);
    this.name = 'ConfigurationError';
  }
}

/** Reads and validates the environment; throws ConfigurationError listing each bad variable. */
export function loadApiConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const parsed = parseEnv(ApiEnv, env);
  if (!parsed.ok) throw new ConfigurationError(parsed.problems);
  const e = parsed.data;
  const connection = readTemporalConnection(e);
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    secretKey: e.SIGNALBOX_SECRET_KEY,
    adminKey: e.SIGNALBOX_ADMIN_KEY,
    demoCatalog: e.SIGNALBOX_DEMO_CATALOG,
    simulatorUrl: (e.SIMULATOR_URL ?? DEFAULT_SIMULATOR_URL).replace(/\/$/, ''),
    temporal: { address: e.TEMPORAL_ADDRESS, namespace: e.TEMPORAL_NAMESPACE, taskQueue: e.TEMPORAL_TASK_QUEUE, uiUrl: e.TEMPORAL_UI_URL.replace(/\/$/, ''), connection },
    indexPersonalKeys: e.SIGNALBOX_INDEX_PERSONAL_KEYS,
    requestTimeoutMs: e.HTTP_REQUEST_TIMEOUT_MS,
    expensiveCallsPerMinute: e.SIGNALBOX_EXPENSIVE_CALLS_PER_MINUTE,
    integrationCallsPerMinute: e.SIGNALBOX_INTEGRATION_CALLS_PER_MINUTE,
    maxScheduleDays: e.SIGNALBOX_MAX_SCHEDULE_DAYS,
    cancelGraceMs: e.SIGNALBOX_CANCEL_GRACE_MS,
    messageTtl: { defaultSeconds: e.SIGNALBOX_MESSAGE_TTL_SECONDS, maxSeconds: e.SIGNALBOX_MESSAGE_MAX_TTL_SECONDS },
    fileInboxPollMs: e.SIGNALBOX_FILE_INBOX_POLL_MS,
    evaluation: { threads: e.SIGNALBOX_EVALUATION_THREADS, timeoutMs: e.SIGNALBOX_EVALUATION_TIMEOUT_MS, heapMb: e.SIGNALBOX_EVALUATION_HEAP_MB },
    logLevel: e.LOG_LEVEL ?? 'log',
    logFormat: e.LOG_FORMAT,
    tracing: tracingSettings(e, 'signalbox-api'),
  };
}

/** Certificates and keys are read at boot: a missing or unreadable file stops the API naming its variable. */
function readTemporalConnection(env: ApiEnv): ApiConfig['temporal']['connection'] {
  try {
    return temporalConnectionFromEnv(env);
  } catch (err) {
    if (err instanceof TemporalConnectionConfigError) throw new ConfigurationError(err.problems);
    throw err;
  }
}

export const API_CONFIG = 'api';
export const apiConfig = registerAs(API_CONFIG, () => loadApiConfig());
/** Typed view for ConfigService<ApiConfigShape, true>.getOrThrow('api', { infer: true }). */
export interface ApiConfigShape {
  [API_CONFIG]: ApiConfig;
}
