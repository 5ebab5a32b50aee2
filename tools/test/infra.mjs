// Real infrastructure for integration tests: one Temporal dev server and fresh databases.
// `npm test` starts Temporal and an embedded PostgreSQL once for the whole run and passes
// TEMPORAL_ADDRESS and SIGNALBOX_TEST_PG_URL down; a test run on its own (npx vitest) starts its own.
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { ensureTemporalBinary, startDevServer } from '../temporal/temporal.mjs';
import { freePort } from '../lib/ports.mjs';
import { startEmbeddedPostgres } from '../lib/embedded-postgres.mjs';

export { freePort };

export function repoRoot() {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
}

/**
 * @param {{ dbFile?: string, reuse?: boolean }} [options] reuse=false forces a server of its own
 *   (e.g. a test that restarts Temporal on the same dbFile).
 */
export async function startTemporal({ dbFile, reuse = true } = {}) {
  if (reuse && process.env.TEMPORAL_ADDRESS) {
    return { address: process.env.TEMPORAL_ADDRESS, namespace: process.env.TEMPORAL_NAMESPACE ?? 'default', uiUrl: undefined, binary: await ensureTemporalBinary({ allowBuild: false }), async stop() {} };
  }
  const binary = await ensureTemporalBinary({ log: (m) => console.log(`[temporal] ${m}`) });
  const port = await freePort();
  const server = await startDevServer({ binary, port, headless: true, dbFile });
  return { address: server.address, namespace: server.namespace, uiUrl: undefined, binary, port, stop: () => server.stop() };
}

/**
 * A fresh, empty database, dropped afterwards, on the first of: DATABASE_URL (a PostgreSQL server
 * of your own), SIGNALBOX_TEST_PG_URL (the embedded server `npm test` started for the whole run),
 * else an embedded server this process starts on first use (and stops when it exits).
 */
export async function createTestDatabase() {
  const external = process.env.DATABASE_URL;
  const serverUrl = external ?? process.env.SIGNALBOX_TEST_PG_URL ?? (await embeddedServerForThisProcess()).url;
  const name = `sbx_test_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  await onServer(serverUrl, (admin) => admin.query(`CREATE DATABASE ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    kind: external ? 'postgres' : 'embedded',
    drop: () => onServer(serverUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)),
  };
}

async function onServer(serverUrl, work) {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await work(admin);
  } finally {
    await admin.end();
  }
}

let embedded;

/**
 * One throwaway embedded PostgreSQL per test process, started on first use. Its server process
 * stops PostgreSQL and deletes the data folder when this process exits, however it exits.
 */
export function embeddedServerForThisProcess() {
  embedded ??= (async () => {
    const server = await startEmbeddedPostgres({ dataDir: tmpDir('signalbox-pg-'), port: await freePort(), password: randomBytes(12).toString('hex'), throwaway: true });
    process.once('exit', () => server.process.kill('SIGTERM'));
    return server;
  })();
  return embedded;
}

export function tmpDir(prefix = 'signalbox-') {
  return path.join(os.tmpdir(), `${prefix}${Date.now().toString(36)}${randomBytes(3).toString('hex')}`);
}
