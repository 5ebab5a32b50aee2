// The embedded database: PGlite (Postgres compiled to WASM) served over the Postgres wire
// protocol, so the API and the worker use the ordinary `pg` driver and the same migrations as
// production. pglite-socket multiplexes connections and keeps a transaction's statements together.
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/**
 * @param {{ dataDir?: string, host?: string, port: number, maxConnections?: number }} options
 *   dataDir undefined = in memory.
 */
export async function startPgliteServer({ dataDir, host = '127.0.0.1', port, maxConnections = 32 }) {
  const db = dataDir ? await PGlite.create(dataDir) : await PGlite.create();
  const server = new PGLiteSocketServer({ db, host, port, maxConnections });
  await server.start();
  return {
    url: `postgres://postgres@${host}:${port}/postgres`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
