// The Temporal server and its SQL schema tool, built from the server's Go module at the version the
// pinned Temporal CLI embeds (so `npm start` and `npm run stack:cluster` run the same server code).
// Cached like the CLI: .tools/bin in the checkout, and a copy under ~/.cache/signalbox for new clones.
import { existsSync, readdirSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { copyExecutable, onPath, runGoInstall, TEMPORAL_CLI_VERSION, TOOLS_BIN, USER_CACHE_DIR } from '../temporal/temporal.mjs';

const SERVER_MODULE = 'go.temporal.io/server';
// Used when the CLI's go.mod is not in the module cache yet (a machine that never built the CLI).
const FALLBACK_SERVER_VERSION = 'v1.29.1';

function goEnv(name) {
  const res = spawnSync('go', ['env', name], { encoding: 'utf8' });
  return res.status === 0 ? res.stdout.trim() : '';
}

/** The go.temporal.io/server version required by the pinned CLI's go.mod. */
export function serverVersion() {
  if (process.env.TEMPORAL_SERVER_VERSION) return process.env.TEMPORAL_SERVER_VERSION;
  const modCache = onPath('go') ? goEnv('GOMODCACHE') : '';
  const goMod = path.join(modCache, 'github.com', 'temporalio', `cli@v${TEMPORAL_CLI_VERSION}`, 'go.mod');
  if (!modCache || !existsSync(goMod)) return FALLBACK_SERVER_VERSION;
  const line = readFileSync(goMod, 'utf8').match(/^\s*go\.temporal\.io\/server\s+(v\S+)/m);
  return line ? line[1] : FALLBACK_SERVER_VERSION;
}

/** Where the server module's sources (and so its schema files) are, once `go install` fetched it. */
export function serverModuleDir(version = serverVersion()) {
  const dir = path.join(goEnv('GOMODCACHE'), SERVER_MODULE, `server@${version}`);
  if (!existsSync(dir)) throw new Error(`the Temporal server module ${version} is not in the Go module cache (${dir}); build the binaries first`);
  return dir;
}

const NAMES = { server: 'temporal-server', sql: 'temporal-sql-tool' };

/**
 * Paths of `temporal-server` and `temporal-sql-tool` for the server version, building them with
 * `go install` (nice 19: a long compile that should not starve the machine) when no cache has them.
 */
export async function ensureClusterBinaries({ log = console.log } = {}) {
  const version = serverVersion();
  const local = path.join(TOOLS_BIN, `temporal-server-${version}`);
  const shared = path.join(USER_CACHE_DIR, `temporal-server-${version}`);
  const paths = { server: path.join(local, NAMES.server), sql: path.join(local, NAMES.sql), version };
  const have = (dir) => Object.values(NAMES).every((name) => existsSync(path.join(dir, name)));
  if (have(local)) return paths;
  if (have(shared) && Object.values(NAMES).every((name) => copyExecutable(path.join(shared, name), path.join(local, name)))) {
    log(`using the Temporal server ${version} built earlier on this machine (${shared})`);
    return paths;
  }
  if (!onPath('go')) throw new Error('The cluster stack builds the Temporal server from its Go module: install Go ≥ 1.25 (https://go.dev/dl/) and run this again.');

  // Both commands are package `main` named after their folder (server, sql): build into a scratch
  // folder and rename, so a half-finished build never looks like a cached one.
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'signalbox-temporal-server-'));
  const args = ['install', '-ldflags=-s -w', `${SERVER_MODULE}/cmd/server@${version}`, `${SERVER_MODULE}/cmd/tools/sql@${version}`];
  const env = { ...process.env, CGO_ENABLED: '0', GOTOOLCHAIN: 'local', GOBIN: scratch };
  log(`building the Temporal server ${version} and its SQL schema tool from the Go module (first time only; several minutes)…`);
  const niceness = onPath('nice') ? 19 : undefined;
  const run = (extraEnv) => runGoInstall({ ...env, ...extraEnv }, args, log, `the Temporal server ${version}`, { niceness });
  let result = await run({});
  if (result.code !== 0 && /checksum|sum\.golang|verifying module/i.test(result.output)) {
    log('the Go checksum database is unreachable; retrying with GOSUMDB=off (the module proxy still pins versions)…');
    result = await run({ GOSUMDB: 'off' });
  }
  const built = { server: path.join(scratch, 'server'), sql: path.join(scratch, 'sql') };
  if (result.code !== 0 || !existsSync(built.server) || !existsSync(built.sql)) {
    rmSync(scratch, { recursive: true, force: true });
    const tail = result.output.trim().split('\n').slice(-15).join('\n');
    throw new Error(`Building the Temporal server failed:\n${tail}\n\nRetry with:\n  GOBIN=<folder> go ${args.join(' ')}`);
  }
  const copied = copyExecutable(built.server, paths.server) && copyExecutable(built.sql, paths.sql);
  rmSync(scratch, { recursive: true, force: true });
  if (!copied) throw new Error(`could not copy the built Temporal server into ${local}`);
  for (const name of Object.values(NAMES)) copyExecutable(path.join(local, name), path.join(shared, name));
  log(`Temporal server ${version} built (${readdirSync(local).join(', ')}).`);
  return paths;
}
