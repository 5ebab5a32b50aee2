// The Temporal server, its SQL schema tool and the Web UI server, built from their Go modules at the
// versions the pinned Temporal CLI embeds (so `npm start` and `npm run stack:cluster` run the same
// server and UI code).
// Cached like the CLI: .tools/bin in the checkout, and a copy under ~/.cache/signalbox for new clones.
import { existsSync, readdirSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { copyExecutable, onPath, runGoInstall, TEMPORAL_CLI_VERSION, TOOLS_BIN, USER_CACHE_DIR } from '../temporal/temporal.mjs';

const SERVER_MODULE = 'go.temporal.io/server';
const UI_MODULE = 'github.com/temporalio/ui-server/v2';
// Used when the CLI's go.mod is not in the module cache yet (a machine that never built the CLI).
const FALLBACK_SERVER_VERSION = 'v1.29.1';
const FALLBACK_UI_VERSION = 'v2.42.1';

function goEnv(name) {
  const res = spawnSync('go', ['env', name], { encoding: 'utf8' });
  return res.status === 0 ? res.stdout.trim() : '';
}

/** The version of `module` the pinned CLI's go.mod requires (it embeds the server and the Web UI). */
function cliRequirement(module, fallback) {
  const modCache = onPath('go') ? goEnv('GOMODCACHE') : '';
  const goMod = path.join(modCache, 'github.com', 'temporalio', `cli@v${TEMPORAL_CLI_VERSION}`, 'go.mod');
  if (!modCache || !existsSync(goMod)) return fallback;
  const escaped = module.replace(/[./]/g, (c) => `\\${c}`);
  const line = readFileSync(goMod, 'utf8').match(new RegExp(`^\\s*${escaped}\\s+(v\\S+)`, 'm'));
  return line ? line[1] : fallback;
}

/** The go.temporal.io/server version the pinned CLI embeds. */
export function serverVersion() {
  return process.env.TEMPORAL_SERVER_VERSION || cliRequirement(SERVER_MODULE, FALLBACK_SERVER_VERSION);
}

/** Where the server module's sources (and so its schema files) are, once `go install` fetched it. */
export function serverModuleDir(version = serverVersion()) {
  const dir = path.join(goEnv('GOMODCACHE'), `${SERVER_MODULE}@${version}`);
  if (!existsSync(dir)) throw new Error(`the Temporal server module ${version} is not in the Go module cache (${dir}); build the binaries first`);
  return dir;
}

/**
 * Builds Go commands of one module version into `.tools/bin/<folder>` (copied to and from the user
 * cache), each renamed: `go install` names a binary after its package folder (`server`, `sql`).
 * `nice 19`: a long compile that should not starve the machine.
 * @param {{ folder: string, what: string, module: string, version: string, commands: Record<string, string>, log: (line: string) => void }} build
 *   commands: binary name → package path inside the module
 */
async function ensureGoBuild({ folder, what, module, version, commands, log }) {
  const local = path.join(TOOLS_BIN, folder);
  const shared = path.join(USER_CACHE_DIR, folder);
  const names = Object.keys(commands);
  const paths = Object.fromEntries(names.map((name) => [name, path.join(local, name)]));
  const have = (dir) => names.every((name) => existsSync(path.join(dir, name)));
  if (have(local)) return paths;
  if (have(shared) && names.every((name) => copyExecutable(path.join(shared, name), path.join(local, name)))) {
    log(`using ${what} built earlier on this machine (${shared})`);
    return paths;
  }
  if (!onPath('go')) throw new Error(`The cluster stack builds ${what} from its Go module: install Go ≥ 1.25 (https://go.dev/dl/) and run this again.`);

  // A scratch GOBIN, so a half-finished build never looks like a cached one.
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'signalbox-go-build-'));
  const packages = Object.values(commands).map((pkg) => `${module}/${pkg}@${version}`);
  const args = ['install', '-ldflags=-s -w', ...packages];
  const env = { ...process.env, CGO_ENABLED: '0', GOTOOLCHAIN: 'local', GOBIN: scratch };
  log(`building ${what} from its Go module (first time only; several minutes)…`);
  const niceness = onPath('nice') ? 19 : undefined;
  const run = (extraEnv) => runGoInstall({ ...env, ...extraEnv }, args, log, what, { niceness });
  try {
    let result = await run({});
    if (result.code !== 0 && /checksum|sum\.golang|verifying module/i.test(result.output)) {
      log('the Go checksum database is unreachable; retrying with GOSUMDB=off (the module proxy still pins versions)…');
      result = await run({ GOSUMDB: 'off' });
    }
    const built = Object.fromEntries(Object.entries(commands).map(([name, pkg]) => [name, path.join(scratch, path.basename(pkg))]));
    if (result.code !== 0 || !Object.values(built).every((file) => existsSync(file))) {
      const tail = result.output.trim().split('\n').slice(-15).join('\n');
      throw new Error(`Building ${what} failed:\n${tail}\n\nRetry with:\n  GOBIN=<folder> go ${args.join(' ')}`);
    }
    if (!names.every((name) => copyExecutable(built[name], paths[name]))) throw new Error(`could not copy ${what} into ${local}`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  for (const name of names) copyExecutable(paths[name], path.join(shared, name));
  log(`${what} built (${readdirSync(local).join(', ')}).`);
  return paths;
}

/** `temporal-server` and `temporal-sql-tool` at the server version the CLI embeds. */
export async function ensureClusterBinaries({ log = console.log } = {}) {
  const version = serverVersion();
  const paths = await ensureGoBuild({
    folder: `temporal-server-${version}`,
    what: `the Temporal server ${version} and its SQL schema tool`,
    module: SERVER_MODULE,
    version,
    commands: { 'temporal-server': 'cmd/server', 'temporal-sql-tool': 'cmd/tools/sql' },
    log,
  });
  return { server: paths['temporal-server'], sql: paths['temporal-sql-tool'], version };
}

/** The Temporal Web UI server (the same UI version the CLI's dev server serves). */
export async function ensureUiServer({ log = console.log } = {}) {
  const version = process.env.TEMPORAL_UI_VERSION || cliRequirement(UI_MODULE, FALLBACK_UI_VERSION);
  const paths = await ensureGoBuild({ folder: `temporal-ui-${version}`, what: `the Temporal Web UI ${version}`, module: UI_MODULE, version, commands: { 'temporal-ui-server': 'cmd/server' }, log });
  return { binary: paths['temporal-ui-server'], version };
}
