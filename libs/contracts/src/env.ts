import { z } from 'zod';
import { DEFAULT_NAMESPACE, DEFAULT_TASK_QUEUE } from './temporal';

/*
 * The environment variables the API and the worker both read, each with its rule defined once,
 * so the two processes can never disagree about the same value. Each app extends SharedEnv with
 * its own variables and parses process.env with it (the API at Nest config validation, the worker
 * at start-up). Pure zod: no Node globals, so the barrel stays bundle- and browser-safe.
 */

const TRUE = ['true', '1', 'yes'] as const;
const FALSE = ['false', '0', 'no'] as const;

/** A yes/no switch: true, false, 1, 0, yes or no. */
export const envSwitch = (fallback: boolean) =>
  z
    .enum([...TRUE, ...FALSE], { error: 'must be true or false (or 1/0, yes/no)' })
    .optional()
    .transform((v) => (v === undefined ? fallback : (TRUE as readonly string[]).includes(v)));

export const envUrl = (example: string) => z.url({ error: `must be a URL such as ${example}` });

export const envPort = () => z.coerce.number({ error: 'must be a port number' }).int({ error: 'must be a port number' }).min(1, { error: 'must be a port number (1–65535)' }).max(65535, { error: 'must be a port number (1–65535)' });

/**
 * host:port, where host is a DNS name (letters, digits, dots, hyphens, and the underscores that
 * container service names carry), an IPv4 address, or an IPv6 address in brackets ([::1]:7233).
 */
const HOST_PORT = /^(?:[A-Za-z0-9._-]+|\[[0-9A-Fa-f:.]+\]):(\d{1,5})$/;
export const TemporalAddress = z
  .string()
  .regex(HOST_PORT, { error: 'must be host:port, e.g. localhost:7233, temporal:7233 or [::1]:7233', abort: true })
  .refine((v) => Number(HOST_PORT.exec(v)?.[1]) >= 1 && Number(HOST_PORT.exec(v)?.[1]) <= 65535, { error: 'has a port outside 1–65535' });

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
/** Decoded size of a base64 string, without Node's Buffer. */
const base64Bytes = (v: string) => (v.length % 4 === 0 && BASE64.test(v) ? (v.length / 4) * 3 - (v.endsWith('==') ? 2 : v.endsWith('=') ? 1 : 0) : -1);
export const SecretKey = z.string({ error: 'is required: 32 random bytes, base64-encoded (openssl rand -base64 32)' }).refine((v) => base64Bytes(v) === 32, { error: 'must be 32 bytes, base64-encoded (openssl rand -base64 32)' });

export const DatabaseUrl = z
  .string({ error: 'is required: the PostgreSQL URL, e.g. postgres://signalbox:secret@localhost:5432/signalbox' })
  .regex(/^postgres(ql)?:\/\//, { error: 'must be a postgres:// URL, e.g. postgres://signalbox:secret@localhost:5432/signalbox' });

/**
 * Log levels, most severe first: one set of names for every process (Nest's), each app mapping
 * them to its logger's (the API's Nest logger takes them as they are, the worker's Temporal SDK
 * logger its own). A level prints itself and everything more severe. `info` is read as `log`;
 * case does not matter.
 */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];
const LOG_LEVEL_ALIASES: Record<string, LogLevelName> = { info: 'log' };
export const LogLevel = z
  .string()
  .transform((v) => LOG_LEVEL_ALIASES[v.toLowerCase()] ?? v.toLowerCase())
  .pipe(z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')} (info is read as log)` }));

/** The levels printed at `level`: that one and every more severe one. */
export function levelsUpTo(level: LogLevelName): LogLevelName[] {
  return LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(level) + 1);
}

/** A yes/no switch with no default: unset stays undefined (TEMPORAL_TLS: on, off, or decided by the other settings). */
const envTriState = () =>
  z
    .enum([...TRUE, ...FALSE], { error: 'must be true or false (or 1/0, yes/no)' })
    .optional()
    .transform((v) => (v === undefined ? undefined : (TRUE as readonly string[]).includes(v)));

const MAX_PEM_CHARS = 64 * 1024;
/**
 * PEM text given in a variable. Env files and container specs often cannot hold newlines, so a
 * literal `\n` is read as one.
 */
const envPem = (kind: string, pathVariable: string) =>
  z
    .string()
    .max(MAX_PEM_CHARS, { error: `is longer than ${MAX_PEM_CHARS} characters` })
    .transform((v) => v.replace(/\\n/g, '\n'))
    .refine((v) => /-----BEGIN [A-Z0-9 ]+-----/.test(v), { error: `must be PEM text (-----BEGIN …-----) of the ${kind}; to name a file use ${pathVariable}` });
const envFilePath = () => z.string().max(4096, { error: 'is longer than 4096 characters' });

/**
 * How to reach Temporal securely: the variable names of Temporal's own client environment
 * configuration (https://docs.temporal.io/references/client-environment-configuration), so an
 * operator's Temporal Cloud or cluster settings work unchanged. Which combinations are valid, and
 * reading the files, is temporalConnectionSettings' job (`@signalbox/contracts/temporal-connection`).
 */
export const TemporalConnectionEnv = {
  TEMPORAL_ADDRESS: TemporalAddress.default('localhost:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).max(255).default(DEFAULT_NAMESPACE),
  /** Temporal Cloud API key (sent as a bearer token); turns TLS on unless TEMPORAL_TLS=false. */
  TEMPORAL_API_KEY: z
    .string()
    .max(8192, { error: 'is longer than 8192 characters' })
    .regex(/^[\x21-\x7e]+$/, { error: 'must be the API key alone: printable characters, no spaces or line breaks' })
    .optional(),
  /** true: TLS even without other TLS settings (a server certificate from a public CA); false: plaintext. */
  TEMPORAL_TLS: envTriState(),
  /** The name the server's certificate is checked against, when it differs from TEMPORAL_ADDRESS's host. */
  TEMPORAL_TLS_SERVER_NAME: z
    .string()
    .max(253)
    .regex(/^[A-Za-z0-9.-]+$/, { error: 'must be a host name, e.g. temporal.internal.example.com' })
    .optional(),
  TEMPORAL_TLS_SERVER_CA_CERT_PATH: envFilePath().optional(),
  TEMPORAL_TLS_SERVER_CA_CERT_DATA: envPem('CA certificate', 'TEMPORAL_TLS_SERVER_CA_CERT_PATH').optional(),
  TEMPORAL_TLS_CLIENT_CERT_PATH: envFilePath().optional(),
  TEMPORAL_TLS_CLIENT_CERT_DATA: envPem('client certificate', 'TEMPORAL_TLS_CLIENT_CERT_PATH').optional(),
  TEMPORAL_TLS_CLIENT_KEY_PATH: envFilePath().optional(),
  TEMPORAL_TLS_CLIENT_KEY_DATA: envPem('client private key', 'TEMPORAL_TLS_CLIENT_KEY_PATH').optional(),
};
export type TemporalConnectionEnv = z.output<z.ZodObject<typeof TemporalConnectionEnv>>;

/** How log lines are written: one JSON object per line (for log collectors) or plain text. */
export const LOG_FORMATS = ['text', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** Variables both the API and the worker read. */
export const SharedEnv = z.object({
  ...TemporalConnectionEnv,
  DATABASE_URL: DatabaseUrl,
  /** Opens provider secrets; the API requires it, the worker needs it once a provider has secrets. */
  SIGNALBOX_SECRET_KEY: SecretKey.optional(),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default(DEFAULT_TASK_QUEUE),
  SIMULATOR_URL: envUrl('http://localhost:4300').optional(),
  /** Index MSISDN (and other personal keys) as search attributes; off where that is not allowed. */
  SIGNALBOX_INDEX_PERSONAL_KEYS: envSwitch(true),
  /** Unset, each app keeps its own default (API: log; worker: warn, as the SDK is chatty at INFO). */
  LOG_LEVEL: LogLevel.optional(),
  /** text (default) or json: structured lines carrying run id, service-order id and event code. */
  LOG_FORMAT: z.enum(LOG_FORMATS, { error: `must be one of ${LOG_FORMATS.join(', ')}` }).default('text'),
  /**
   * OpenTelemetry's standard variables. Tracing is off unless the endpoint is set: the base URL of
   * an OTLP/HTTP receiver (a collector or Jaeger on port 4318); spans go to `<endpoint>/v1/traces`.
   */
  OTEL_EXPORTER_OTLP_ENDPOINT: z
    .url({ protocol: /^https?$/, error: 'must be the http(s) URL of an OTLP/HTTP receiver, e.g. http://localhost:4318' })
    .max(2048, { error: 'is longer than 2048 characters' })
    .optional(),
  /** The service name spans carry; unset, each app names itself (signalbox-api, signalbox-worker). */
  OTEL_SERVICE_NAME: z
    .string()
    .max(255, { error: 'is longer than 255 characters' })
    .regex(/^[\x21-\x7e]+$/, { error: 'must be printable characters without spaces, e.g. signalbox-worker-eu1' })
    .optional(),
});

/** Where and as whom a process sends its spans; absent when tracing is off. */
export interface TracingSettings {
  /** The OTLP/HTTP traces URL (`<OTEL_EXPORTER_OTLP_ENDPOINT>/v1/traces`). */
  tracesUrl: string;
  serviceName: string;
}

/**
 * Tracing settings from the parsed shared variables: undefined (off) without an endpoint. The
 * signal path is appended as the OTLP specification says for the base endpoint variable.
 */
export function tracingSettings(env: { OTEL_EXPORTER_OTLP_ENDPOINT?: string; OTEL_SERVICE_NAME?: string }, defaultServiceName: string): TracingSettings | undefined {
  if (!env.OTEL_EXPORTER_OTLP_ENDPOINT) return undefined;
  return { tracesUrl: `${env.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '')}/v1/traces`, serviceName: env.OTEL_SERVICE_NAME ?? defaultServiceName };
}

export interface EnvProblem {
  variable: string;
  message: string;
}

/**
 * Parses an environment with `schema`, treating empty values as unset. Answers the data, or every
 * problem by variable name.
 */
export function parseEnv<S extends z.ZodType>(schema: S, env: Record<string, string | undefined>): { ok: true; data: z.output<S> } | { ok: false; problems: EnvProblem[] } {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(present);
  if (parsed.success) return { ok: true, data: parsed.data };
  return { ok: false, problems: parsed.error.issues.map((i) => ({ variable: String(i.path[0] ?? '?'), message: i.message })) };
}
