// Locating, building and starting the real Temporal dev server (the Temporal CLI built from its
// Go module). Plain Node so it works before `npm install` has finished.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, mkdtempSync, openSync, readFileSync, mkdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const TEMPORAL_CLI_VERSION = '1.5.1';
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const TOOLS_BIN = path.join(ROOT, '.tools', 'bin');
const CACHED_BINARY = path.join(TOOLS_BIN, 'temporal');
const MODULE = `github.com/temporalio/cli/cmd/temporal@v${TEMPORAL_CLI_VERSION}`;
// A copy outside the checkout, so a fresh clone on the same machine (CI) skips the Go build.
export const USER_CACHE_DIR = path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'signalbox');
const USER_CACHE_BINARY = path.join(USER_CACHE_DIR, `temporal-${TEMPORAL_CLI_VERSION}`, 'temporal');

export function copyExecutable(from, to) {
  try {
    mkdirSync(path.dirname(to), { recursive: true });
    copyFileSync(from, to);
    return true;
  } catch {
    return false;
  }
}

export function searchAttributes() {
  const file = path.join(ROOT, 'libs', 'contracts', 'search-attributes.json');
  return JSON.parse(readFileSync(file, 'utf8'));
}

export function onPath(name) {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

function buildArgs(extraLdflags = '') {
  const ldflags = `-s -w -X github.com/temporalio/cli/temporalcli.Version=${TEMPORAL_CLI_VERSION}${extraLdflags}`;
  return ['install', `-ldflags=${ldflags}`, MODULE];
}

export function buildCommandText() {
  return `CGO_ENABLED=0 GOTOOLCHAIN=local GOBIN=${path.relative(process.cwd(), path.dirname(CACHED_BINARY)) || '.'} go ${buildArgs()
    .map((a) => (a.includes(' ') ? `"${a}"` : a))
    .join(' ')}`;
}

/**
 * `go install` with a line every 15 s while it compiles (it is silent otherwise). Its output goes
 * to a file, not a pipe: `npm test` builds the CLI while it runs npm install and the Nx build with
 * spawnSync, and a pipe nobody reads while the event loop is blocked would stall `go` once full.
 */
export function runGoInstall(env, args, log, what = 'the Temporal CLI', { niceness } = {}) {
  return new Promise((resolve) => {
    const started = Date.now();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'signalbox-go-'));
    const logFile = path.join(dir, 'go-install.log');
    const fd = openSync(logFile, 'w');
    const [command, commandArgs] = niceness === undefined ? ['go', args] : ['nice', ['-n', String(niceness), 'go', ...args]];
    const child = spawn(command, commandArgs, { env, stdio: ['ignore', fd, fd] });
    closeSync(fd);
    // `go install` is silent while it compiles: show that it is alive.
    const ticker = setInterval(() => log(`building ${what}… ${Math.round((Date.now() - started) / 1000)} s (first time only; several minutes)`), 15_000);
    const finish = (code) => {
      clearInterval(ticker);
      let output = '';
      try {
        output = readFileSync(logFile, 'utf8');
      } catch {
        // nothing was written
      }
      rmSync(dir, { recursive: true, force: true });
      resolve({ code, output, seconds: Math.round((Date.now() - started) / 1000) });
    };
    child.once('error', () => finish(1)); // go could not be started (checked on PATH before)
    child.once('close', finish);
  });
}

/**
 * A Temporal CLI binary: $TEMPORAL_CLI, then `temporal` on PATH, then the cached build under
 * .tools/bin, else `go install` of the pinned version into .tools/bin.
 */
export async function ensureTemporalBinary({ log = console.log, allowBuild = true } = {}) {
  if (process.env.TEMPORAL_CLI) {
    if (!existsSync(process.env.TEMPORAL_CLI)) throw new Error(`TEMPORAL_CLI points at ${process.env.TEMPORAL_CLI}, which does not exist.`);
    return process.env.TEMPORAL_CLI;
  }
  const fromPath = onPath('temporal');
  if (fromPath) return fromPath;
  if (existsSync(CACHED_BINARY)) return CACHED_BINARY;
  if (existsSync(USER_CACHE_BINARY) && copyExecutable(USER_CACHE_BINARY, CACHED_BINARY)) {
    log(`using the Temporal CLI v${TEMPORAL_CLI_VERSION} built earlier on this machine (${USER_CACHE_BINARY})`);
    return CACHED_BINARY;
  }
  if (!allowBuild || !onPath('go')) {
    throw new Error(
      [
        'No Temporal CLI found and Go is not installed to build one.',
        'Either install Go ≥ 1.25 (https://go.dev/dl/) and run this again, or install the Temporal CLI',
        '(https://docs.temporal.io/cli#install) so that `temporal` is on PATH,',
        'or point TEMPORAL_ADDRESS at an existing Temporal cluster (host:port).',
      ].join('\n'),
    );
  }
  mkdirSync(path.dirname(CACHED_BINARY), { recursive: true });
  const env = { ...process.env, CGO_ENABLED: '0', GOTOOLCHAIN: 'local', GOBIN: path.dirname(CACHED_BINARY) };
  log(`building Temporal CLI v${TEMPORAL_CLI_VERSION} from its Go module into .tools/bin (first time only)…`);
  let result = await runGoInstall(env, buildArgs(), log);
  if (result.code !== 0 && /checksum|sum\.golang|verifying module/i.test(result.output)) {
    log('the Go checksum database is unreachable; retrying with GOSUMDB=off (the module proxy still pins versions)…');
    result = await runGoInstall({ ...env, GOSUMDB: 'off' }, buildArgs(), log);
  }
  if (result.code !== 0 && /linkname/i.test(result.output)) {
    log('retrying with -checklinkname=0 (needed by newer Go linkers)…');
    result = await runGoInstall({ ...env, GOSUMDB: env.GOSUMDB ?? process.env.GOSUMDB }, buildArgs(' -checklinkname=0'), log);
  }
  if (result.code !== 0 || !existsSync(CACHED_BINARY)) {
    const tail = result.output.trim().split('\n').slice(-15).join('\n');
    throw new Error(`Building the Temporal CLI failed:\n${tail}\n\nRetry with:\n  ${buildCommandText()}\nor set TEMPORAL_ADDRESS to an existing Temporal cluster.`);
  }
  log(`Temporal CLI built in ${result.seconds} s.`);
  copyExecutable(CACHED_BINARY, USER_CACHE_BINARY);
  return CACHED_BINARY;
}

export function canConnect(host, port, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** True once the frontend answers a health check (the gRPC port opens a little before that). */
async function isHealthy(binary, address) {
  const res = spawnSync(binary, ['operator', 'cluster', 'health', '--address', address], { encoding: 'utf8', timeout: 10_000 });
  return res.status === 0 && /SERVING/i.test(res.stdout);
}

/**
 * Starts `temporal server start-dev` with Signalbox's search attributes registered.
 * Resolves once the server answers; `stop()` ends it (SIGTERM, then SIGKILL).
 */
export async function startDevServer({
  binary,
  ip = '127.0.0.1',
  port = 7233,
  uiPort = 8233,
  headless = false,
  dbFile,
  namespace = 'default',
  onOutput,
  readyTimeoutMs = 120_000,
  extraArgs = [],
}) {
  const args = ['server', 'start-dev', '--ip', ip, '--port', String(port), '--namespace', namespace, '--log-level', 'warn'];
  if (headless) args.push('--headless');
  else args.push('--ui-port', String(uiPort));
  if (dbFile) {
    mkdirSync(path.dirname(dbFile), { recursive: true });
    args.push('--db-filename', dbFile);
  }
  for (const [name, type] of Object.entries(searchAttributes())) args.push('--search-attribute', `${name}=${type}`);
  // e.g. ['--dynamic-config-value', 'limit.historyCount.suggestContinueAsNew=40'] for a test server.
  args.push(...extraArgs);

  const server = await spawnTemporalServer({ command: binary, args, cli: binary, ip, port, what: 'The Temporal dev server', onOutput, readyTimeoutMs });
  const address = `${ip}:${port}`;
  return {
    address,
    namespace,
    uiUrl: headless ? undefined : `http://localhost:${uiPort}`,
    process: server.process,
    stop: server.stop,
  };
}

/**
 * Starts a Temporal server process (the dev server, or `temporal-server` of the cluster stack) and
 * resolves once its frontend at ip:port answers the CLI's health check. `stop()` sends SIGTERM,
 * then SIGKILL after `graceMs`; a server that never gets ready is killed and the error names it.
 */
export async function spawnTemporalServer({ command, args, cli, ip, port, what, onOutput, readyTimeoutMs, graceMs = 10_000 }) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: false });
  let exited = null;
  let recent = '';
  const capture = (chunk) => {
    const text = chunk.toString();
    recent = (recent + text).slice(-4000);
    onOutput?.(text);
  };
  child.stdout.on('data', capture);
  child.stderr.on('data', capture);
  child.on('exit', (code, signal) => {
    exited = { code, signal };
  });

  const address = `${ip}:${port}`;
  const deadline = Date.now() + readyTimeoutMs;
  while (Date.now() < deadline) {
    if (exited) throw new Error(`${what} exited (${exited.code ?? exited.signal}) before it was ready:\n${recent.trim()}`);
    if ((await canConnect(ip, port)) && (await isHealthy(cli, address))) break;
    await new Promise((r) => setTimeout(r, 300));
  }
  if (Date.now() >= deadline) {
    child.kill('SIGKILL');
    throw new Error(`${what} did not answer on ${address} within ${readyTimeoutMs / 1000} s:\n${recent.trim()}`);
  }
  return {
    process: child,
    async stop() {
      if (exited) return;
      await new Promise((resolve) => {
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      });
    },
  };
}
