import { z } from 'zod';
import type { LogLevel as SdkLogLevel } from '@temporalio/worker';
import { envPort, envSwitch, envUrl, parseEnv, SharedEnv, TMF_HUB_RETRY, tracingSettings, type LogFormat, type LogLevelName, type TracingSettings } from '@signalbox/contracts';
import { TemporalConnectionConfigError, temporalConnectionFromEnv, type TemporalConnectionOptions, type TemporalConnectionSettings } from '@signalbox/contracts/temporal-connection';

export interface WorkerConfig {
  temporalAddress: string;
  namespace: string;
  /** How to reach Temporal (TLS, mTLS, API key), certificates already read. */
  temporal: { settings: TemporalConnectionSettings; options: TemporalConnectionOptions };
  taskQueue: string;
  databaseUrl: string;
  secretKey?: string;
  simulatorUrl?: string;
  smtp: { host: string; port: number; from: string };
  opsEmail?: string;
  callbackBaseUrl?: string;
  indexPersonalKeys: boolean;
  /** How often the list of rate-limited providers is re-read (SIGNALBOX_PROVIDER_REFRESH_MS). */
  providerRefreshMs: number;
  /** The Temporal SDK's log level for the shared LOG_LEVEL. */
  logLevel: SdkLogLevel;
  /** Worker Versioning: this process's deployment and build (SIGNALBOX_WORKER_DEPLOYMENT_NAME, SIGNALBOX_WORKER_BUILD_ID). */
  deployment?: { name: string; buildId: string };
  logFormat: LogFormat;
  /** Where `GET /metrics` is served (SIGNALBOX_METRICS_PORT; unset: no metrics endpoint). */
  metrics?: { host: string; port: number };
  /** How often probes are evaluated (SIGNALBOX_PROBE_INTERVAL_MS). */
  probeIntervalMs: number;
  /** How long a refused hub notification is retried before it is a dead letter (SIGNALBOX_TMF_HUB_GIVE_UP_AFTER_SECONDS). */
  tmfHubGiveUpAfterMs: number;
  /** OpenTelemetry traces (OTEL_EXPORTER_OTLP_ENDPOINT); absent: off. */
  tracing?: TracingSettings;
  /** The same for native webhooks (SIGNALBOX_WEBHOOK_GIVE_UP_AFTER_SECONDS). */
  webhookGiveUpAfterMs: number;
  /** How often the webhook outbox is read for new state changes (SIGNALBOX_WEBHOOK_DISPATCH_MS). */
  webhookDispatchMs: number;
  /** The sticky cache's size (SIGNALBOX_WORKER_CACHED_RUNS); unset, the SDK's default. */
  maxCachedRuns?: number;
  /** Runs record stack traces (SIGNALBOX_WORKFLOW_STACK_TRACES). */
  workflowStackTraces: boolean;
}

/** The shared level names in the SDK's terms (it has no fatal: errors are its most severe). */
const SDK_LOG_LEVEL: Record<LogLevelName, SdkLogLevel> = { fatal: 'ERROR', error: 'ERROR', warn: 'WARN', log: 'INFO', debug: 'DEBUG', verbose: 'TRACE' };

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`the worker's configuration is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const HUB_WINDOW_MAX_SECONDS = TMF_HUB_RETRY.giveUpAfterMs / 1000;
const HUB_WINDOW_RULE = `must be a whole number of seconds from 1 to ${HUB_WINDOW_MAX_SECONDS} (a day)`;

/**
 * Every environment variable the worker reads. The ones it shares with the API keep their rules
 * in contracts' SharedEnv, so both processes accept and refuse exactly the same values.
 */
export const WorkerEnv = SharedEnv.extend({
  SMTP_HOST: z.string().min(1).default('127.0.0.1'),
  SMTP_PORT: envPort().default(4325),
  SMTP_FROM: z.string().min(1).default('signalbox@localhost'),
  SIGNALBOX_OPS_EMAIL: z.string().min(1).optional(),
  SIGNALBOX_CALLBACK_URL: envUrl('http://localhost:3000').optional(),
  SIGNALBOX_PROVIDER_REFRESH_MS: z
    .string()
    .regex(/^\d+$/, { error: 'must be a whole number of milliseconds, at least 1000' })
    .transform(Number)
    .refine((v) => v >= 1000, { error: 'must be a whole number of milliseconds, at least 1000' })
    .default(30_000),
  /** Worker Versioning (rolling upgrades): both or neither; see docs/operations.md. */
  SIGNALBOX_WORKER_DEPLOYMENT_NAME: z.string().max(255).regex(/^[A-Za-z0-9_-]+$/, { error: 'must be letters, digits, _ or - (e.g. signalbox)' }).optional(),
  SIGNALBOX_WORKER_BUILD_ID: z.string().max(255).regex(/^[A-Za-z0-9._+-]+$/, { error: 'must be letters, digits, ., _, + or - (e.g. a release tag or commit)' }).optional(),
  /** 0 = any free port (printed at start). */
  SIGNALBOX_METRICS_PORT: z.coerce.number({ error: 'must be a port number (0 = any free port)' }).int().min(0).max(65535, { error: 'must be a port number (0–65535)' }).optional(),
  SIGNALBOX_METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  SIGNALBOX_PROBE_INTERVAL_MS: z
    .string()
    .regex(/^\d+$/, { error: 'must be a whole number of milliseconds, at least 500' })
    .transform(Number)
    .refine((v) => v >= 500, { error: 'must be a whole number of milliseconds, at least 500' })
    .default(30_000),
  /** Shorter in tests, to see a dead letter without waiting a day; never longer than the activity's own bound. */
  SIGNALBOX_TMF_HUB_GIVE_UP_AFTER_SECONDS: z.coerce
    .number({ error: HUB_WINDOW_RULE })
    .int({ error: HUB_WINDOW_RULE })
    .min(1, { error: HUB_WINDOW_RULE })
    .max(HUB_WINDOW_MAX_SECONDS, { error: HUB_WINDOW_RULE })
    .default(HUB_WINDOW_MAX_SECONDS),
  SIGNALBOX_WEBHOOK_GIVE_UP_AFTER_SECONDS: z.coerce
    .number({ error: HUB_WINDOW_RULE })
    .int({ error: HUB_WINDOW_RULE })
    .min(1, { error: HUB_WINDOW_RULE })
    .max(HUB_WINDOW_MAX_SECONDS, { error: HUB_WINDOW_RULE })
    .default(HUB_WINDOW_MAX_SECONDS),
  SIGNALBOX_WEBHOOK_DISPATCH_MS: z
    .string()
    .regex(/^\d+$/, { error: 'must be a whole number of milliseconds from 100 to 60000' })
    .transform(Number)
    .refine((v) => v >= 100 && v <= 60_000, { error: 'must be a whole number of milliseconds from 100 to 60000' })
    .default(500),
  /** Runs kept in memory between their tasks (the sticky cache); unset, the SDK's default (about 600 per GiB of heap). */
  SIGNALBOX_WORKER_CACHED_RUNS: z
    .string()
    .regex(/^\d+$/, { error: 'must be a whole number of runs from 10 to 100000' })
    .transform(Number)
    .refine((v) => v >= 10 && v <= 100_000, { error: 'must be a whole number of runs from 10 to 100000' })
    .optional(),
  /** Stack traces in runs (the Temporal UI's Stack Trace tab); off by default for speed (workflow-stack-traces.ts). */
  SIGNALBOX_WORKFLOW_STACK_TRACES: envSwitch(false),
});

/** Reads and checks the environment; every problem is reported at once, by variable name. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const parsed = parseEnv(WorkerEnv, env);
  if (!parsed.ok) throw new ConfigError(parsed.problems.map((p) => `${p.variable} ${p.message}`));
  const e = parsed.data;
  if ((e.SIGNALBOX_WORKER_DEPLOYMENT_NAME === undefined) !== (e.SIGNALBOX_WORKER_BUILD_ID === undefined)) {
    throw new ConfigError([
      e.SIGNALBOX_WORKER_BUILD_ID === undefined
        ? 'SIGNALBOX_WORKER_BUILD_ID is required with SIGNALBOX_WORKER_DEPLOYMENT_NAME (Worker Versioning needs both)'
        : 'SIGNALBOX_WORKER_DEPLOYMENT_NAME is required with SIGNALBOX_WORKER_BUILD_ID (Worker Versioning needs both)',
    ]);
  }
  return {
    temporalAddress: e.TEMPORAL_ADDRESS,
    namespace: e.TEMPORAL_NAMESPACE,
    temporal: readTemporalConnection(e),
    taskQueue: e.TEMPORAL_TASK_QUEUE,
    databaseUrl: e.DATABASE_URL,
    ...(e.SIGNALBOX_SECRET_KEY ? { secretKey: e.SIGNALBOX_SECRET_KEY } : {}),
    smtp: { host: e.SMTP_HOST, port: e.SMTP_PORT, from: e.SMTP_FROM },
    indexPersonalKeys: e.SIGNALBOX_INDEX_PERSONAL_KEYS,
    providerRefreshMs: e.SIGNALBOX_PROVIDER_REFRESH_MS,
    // The SDK logs every worker state change at INFO: by default keep the terminal to warnings.
    logLevel: SDK_LOG_LEVEL[e.LOG_LEVEL ?? 'warn'],
    logFormat: e.LOG_FORMAT,
    ...(e.SIGNALBOX_METRICS_PORT === undefined ? {} : { metrics: { host: e.SIGNALBOX_METRICS_HOST, port: e.SIGNALBOX_METRICS_PORT } }),
    probeIntervalMs: e.SIGNALBOX_PROBE_INTERVAL_MS,
    tmfHubGiveUpAfterMs: e.SIGNALBOX_TMF_HUB_GIVE_UP_AFTER_SECONDS * 1000,
    ...(e.OTEL_EXPORTER_OTLP_ENDPOINT ? { tracing: tracingSettings(e, 'signalbox-worker') } : {}),
    webhookGiveUpAfterMs: e.SIGNALBOX_WEBHOOK_GIVE_UP_AFTER_SECONDS * 1000,
    webhookDispatchMs: e.SIGNALBOX_WEBHOOK_DISPATCH_MS,
    workflowStackTraces: e.SIGNALBOX_WORKFLOW_STACK_TRACES,
    ...(e.SIGNALBOX_WORKER_CACHED_RUNS === undefined ? {} : { maxCachedRuns: e.SIGNALBOX_WORKER_CACHED_RUNS }),
    ...(e.SIMULATOR_URL ? { simulatorUrl: e.SIMULATOR_URL } : {}),
    ...(e.SIGNALBOX_CALLBACK_URL ? { callbackBaseUrl: e.SIGNALBOX_CALLBACK_URL } : {}),
    ...(e.SIGNALBOX_OPS_EMAIL ? { opsEmail: e.SIGNALBOX_OPS_EMAIL } : {}),
    ...(e.SIGNALBOX_WORKER_DEPLOYMENT_NAME && e.SIGNALBOX_WORKER_BUILD_ID ? { deployment: { name: e.SIGNALBOX_WORKER_DEPLOYMENT_NAME, buildId: e.SIGNALBOX_WORKER_BUILD_ID } } : {}),
  };
}

/** The connection's certificates and keys are read at start: a missing file stops the worker naming its variable. */
function readTemporalConnection(env: Parameters<typeof temporalConnectionFromEnv>[0]): WorkerConfig['temporal'] {
  try {
    return temporalConnectionFromEnv(env);
  } catch (err) {
    if (err instanceof TemporalConnectionConfigError) throw new ConfigError(err.problems.map((p) => `${p.variable} ${p.message}`));
    throw err;
  }
}
