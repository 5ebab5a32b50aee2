// Every knob of the dev stack, from the environment, with the defaults the README documents.
import path from 'node:path';
import { ROOT } from '../lib/setup.mjs';

/** A port number from the environment variable `name`, else `fallback`. */
export function port(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new Error(`${name}=${raw} is not a port number (1–65535).`);
  return n;
}

export function loadDevConfig() {
  const dataDir = path.resolve(ROOT, process.env.SIGNALBOX_DATA_DIR ?? '.signalbox');
  return {
    dataDir,
    ports: {
      TEMPORAL_PORT: port('TEMPORAL_PORT', 7233),
      TEMPORAL_UI_PORT: port('TEMPORAL_UI_PORT', 8233),
      API_PORT: port('API_PORT', 3000),
      DESIGNER_PORT: port('DESIGNER_PORT', 4200),
      SIMULATOR_PORT: port('SIMULATOR_PORT', 4300),
      SIMULATOR_TCP_PORT: port('SIMULATOR_TCP_PORT', 4301),
      SIMULATOR_SMTP_PORT: port('SIMULATOR_SMTP_PORT', 4325),
      // The worker's Prometheus /metrics (the API serves its own on API_PORT).
      WORKER_METRICS_PORT: port('WORKER_METRICS_PORT', 9464),
      // PGLITE_PORT: the name from before the embedded database was a real PostgreSQL (deprecated).
      EMBEDDED_PG_PORT: port('EMBEDDED_PG_PORT', port('PGLITE_PORT', 5433)),
    },
    temporalAddress: process.env.TEMPORAL_ADDRESS,
    databaseUrl: process.env.DATABASE_URL,
    demoCatalog: process.env.SIGNALBOX_DEMO_CATALOG,
  };
}

/** A worker's environment in a local stack: mail to the simulator's SMTP port, callbacks to the API. */
export function localWorkerEnv({ common, smtpPort, apiUrl, metricsPort }) {
  return {
    ...common,
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(smtpPort),
    // Async (queued) providers answer by calling the API back.
    SIGNALBOX_CALLBACK_URL: apiUrl,
    SIGNALBOX_OPS_EMAIL: process.env.SIGNALBOX_OPS_EMAIL ?? 'ops@signalbox.local',
    SIGNALBOX_METRICS_PORT: String(metricsPort),
  };
}
