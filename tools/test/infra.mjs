// Real infrastructure for integration tests: one Temporal dev server and fresh databases.
// `npm test` starts Temporal once for the whole run and passes TEMPORAL_ADDRESS down; a test run
// on its own (npx vitest) starts its own.
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { ensureTemporalBinary, startDevServer } from '../temporal/temporal.mjs';
import { freePort } from '../lib/ports.mjs';
import { startPgliteServer } from '../lib/pglite-server.mjs';

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
 * A fresh, empty database. With DATABASE_URL: a new database on that PostgreSQL server, dropped
 * afterwards. Without: an in-memory PGlite served on a free port.
 */
export async function createTestDatabase() {
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) {
    const name = `sbx_test_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${name}`);
    } finally {
      await admin.end();
    }
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      kind: 'postgres',
      async drop() {
        const client = new pg.Client({ connectionString: serverUrl });
        await client.connect();
        try {
          await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        } finally {
          await client.end();
        }
      },
    };
  }
  const port = await freePort();
  const server = await startPgliteServer({ port });
  return { url: server.url, kind: 'pglite', drop: () => server.stop() };
}

export function tmpDir(prefix = 'signalbox-') {
  return path.join(os.tmpdir(), `${prefix}${Date.now().toString(36)}${randomBytes(3).toString('hex')}`);
}
