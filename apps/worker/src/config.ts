import { DEFAULT_NAMESPACE, DEFAULT_TASK_QUEUE } from '@signalbox/contracts';

export interface WorkerConfig {
  temporalAddress: string;
  namespace: string;
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
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`the worker's configuration is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const HOST_PORT = /^[A-Za-z0-9.-]+:\d{1,5}$|^\[[0-9a-fA-F:]+\]:\d{1,5}$/;

/** Reads and checks the environment; every problem is reported at once, by variable name. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const problems: string[] = [];
  const temporalAddress = env.TEMPORAL_ADDRESS ?? 'localhost:7233';
  if (!HOST_PORT.test(temporalAddress)) problems.push(`TEMPORAL_ADDRESS must be host:port (got "${temporalAddress}")`);
  const databaseUrl = env.DATABASE_URL ?? '';
  if (!databaseUrl) problems.push('DATABASE_URL is required (postgres://user:password@host:port/database)');
  else if (!/^postgres(ql)?:\/\//.test(databaseUrl)) problems.push('DATABASE_URL must start with postgres:// or postgresql://');
  const url = (name: string): string | undefined => {
    const value = env[name];
    if (!value) return undefined;
    try {
      new URL(value);
      return value;
    } catch {
      problems.push(`${name} must be a URL (got "${value}")`);
      return undefined;
    }
  };
  const smtpPort = Number(env.SMTP_PORT ?? '4325');
  if (!Number.isInteger(smtpPort) || smtpPort < 1 || smtpPort > 65535) problems.push(`SMTP_PORT must be a port number (got "${env.SMTP_PORT}")`);
  const secretKey = env.SIGNALBOX_SECRET_KEY;
  const personal = env.SIGNALBOX_INDEX_PERSONAL_KEYS ?? 'true';
  if (!['true', 'false'].includes(personal)) problems.push('SIGNALBOX_INDEX_PERSONAL_KEYS must be true or false');
  const providerRefreshMs = Number(env.SIGNALBOX_PROVIDER_REFRESH_MS ?? '30000');
  if (!Number.isInteger(providerRefreshMs) || providerRefreshMs < 1000) {
    problems.push(`SIGNALBOX_PROVIDER_REFRESH_MS must be a whole number of milliseconds, at least 1000 (got "${env.SIGNALBOX_PROVIDER_REFRESH_MS}")`);
  }
  const config: WorkerConfig = {
    temporalAddress,
    namespace: env.TEMPORAL_NAMESPACE || DEFAULT_NAMESPACE,
    taskQueue: env.TEMPORAL_TASK_QUEUE || DEFAULT_TASK_QUEUE,
    databaseUrl,
    ...(secretKey ? { secretKey } : {}),
    smtp: { host: env.SMTP_HOST || '127.0.0.1', port: smtpPort, from: env.SMTP_FROM || 'signalbox@localhost' },
    indexPersonalKeys: personal === 'true',
    providerRefreshMs,
  };
  const simulatorUrl = url('SIMULATOR_URL');
  if (simulatorUrl) config.simulatorUrl = simulatorUrl;
  const callbackBaseUrl = url('SIGNALBOX_CALLBACK_URL');
  if (callbackBaseUrl) config.callbackBaseUrl = callbackBaseUrl;
  if (env.SIGNALBOX_OPS_EMAIL) config.opsEmail = env.SIGNALBOX_OPS_EMAIL;
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
