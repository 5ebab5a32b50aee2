// A Temporal server on PostgreSQL, as a production cluster runs it (one process hosting the four
// services here): databases created and schema applied with Temporal's own SQL tool, a config file
// written for the chosen ports, then the namespace and Signalbox's search attributes registered.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { searchAttributes, spawnTemporalServer } from '../temporal/temporal.mjs';
import { serverModuleDir } from './binaries.mjs';

/** Names of the three databases on the PostgreSQL server; a prefix keeps test clusters apart. */
export function clusterDatabases(prefix = '') {
  return { temporal: `${prefix}temporal`, visibility: `${prefix}temporal_visibility`, signalbox: `${prefix}signalbox` };
}

/** Connection parts of a postgres:// URL, for Temporal's config and SQL tool (which take no URL). */
export function pgParts(serverUrl) {
  const url = new URL(serverUrl);
  if (!/^postgres(ql)?:$/.test(url.protocol)) throw new Error(`CLUSTER_PG_URL must be a postgres:// URL, not ${serverUrl}`);
  return { host: url.hostname || '127.0.0.1', port: Number(url.port || 5432), user: decodeURIComponent(url.username || 'postgres'), password: decodeURIComponent(url.password) };
}

export function databaseUrl(serverUrl, database) {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Creates the databases that do not exist yet (existing data is kept: a restart resumes it). */
export async function createDatabases(serverUrl, names) {
  const admin = new pg.Client({ connectionString: databaseUrl(serverUrl, 'postgres') });
  await admin.connect();
  try {
    const created = [];
    for (const name of names) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain database name: ${name}`);
      const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (rowCount === 0) {
        await admin.query(`CREATE DATABASE ${name}`);
        created.push(name);
      }
    }
    return created;
  } finally {
    await admin.end();
  }
}

export async function dropDatabases(serverUrl, names) {
  const admin = new pg.Client({ connectionString: databaseUrl(serverUrl, 'postgres') });
  await admin.connect();
  try {
    for (const name of names) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

function runTool(binary, args, what, env) {
  const res = spawnSync(binary, args, { encoding: 'utf8', timeout: 300_000, env: { ...process.env, ...env } });
  if (res.status !== 0) throw new Error(`${what} failed (${res.status ?? res.signal}):\n${(res.stderr || res.stdout).trim().split('\n').slice(-10).join('\n')}`);
}

/**
 * setup-schema (version 0.0: only the tool's bookkeeping table; a no-op once done) then
 * update-schema to the newest versioned folder shipped with the server module, for both stores.
 */
export function applySchemas({ sqlTool, serverUrl, databases, log = console.log }) {
  const { host, port, user, password } = pgParts(serverUrl);
  const moduleDir = serverModuleDir();
  for (const [store, database] of [['temporal', databases.temporal], ['visibility', databases.visibility]]) {
    const connection = ['--endpoint', host, '--port', String(port), '--user', user, '--plugin', 'postgres12', '--database', database];
    // The password through the environment, not the command line (which `ps` shows).
    const env = { SQL_PASSWORD: password };
    const versioned = path.join(moduleDir, 'schema', 'postgresql', 'v12', store, 'versioned');
    runTool(sqlTool, [...connection, 'setup-schema', '-v', '0.0'], `temporal-sql-tool setup-schema (${database})`, env);
    runTool(sqlTool, [...connection, 'update-schema', '-d', versioned], `temporal-sql-tool update-schema (${database})`, env);
    log(`schema of ${database} is up to date (${path.relative(moduleDir, versioned)})`);
  }
}

/** The server's YAML config: PostgreSQL for history and visibility, one cluster, our ports.
 * `maxConns` is per service and store: the four services of one process hold up to 4 × (maxConns +
 * a quarter of it for visibility) connections, which must fit PostgreSQL's max_connections with
 * the APIs' and workers' pools. */
export function serverConfig({ serverUrl, databases, ports, shards = 4, maxConns = 5 }) {
  const { host, port, user, password } = pgParts(serverUrl);
  const store = (database, conns) =>
    [
      '      sql:',
      '        pluginName: "postgres12"',
      `        databaseName: "${database}"`,
      `        connectAddr: "${host}:${port}"`,
      '        connectProtocol: "tcp"',
      `        user: ${JSON.stringify(user)}`,
      `        password: ${JSON.stringify(password)}`,
      `        maxConns: ${conns}`,
      `        maxIdleConns: ${conns}`,
      '        maxConnLifetime: "1h"',
    ].join('\n');
  const service = (name, grpc, membership, extra = '') =>
    `  ${name}:\n    rpc:\n      grpcPort: ${grpc}\n      membershipPort: ${membership}\n      bindOnLocalHost: true\n${extra}`;
  return `# Written by tools/cluster at each start; edit tools/cluster/temporal-server.mjs instead.
log:
  stdout: true
  level: warn
persistence:
  defaultStore: default
  visibilityStore: visibility
  # Fixed once the database has data: changing it needs a new temporal database.
  numHistoryShards: ${shards}
  datastores:
    default:
${store(databases.temporal, maxConns)}
    visibility:
${store(databases.visibility, Math.max(2, Math.round(maxConns / 4)))}
global:
  membership:
    maxJoinDuration: 30s
    broadcastAddress: "127.0.0.1"
  metrics:
    prometheus:
      framework: "tally"
      timerType: "histogram"
      listenAddress: "127.0.0.1:${ports.metrics}"
services:
${service('frontend', ports.frontend, ports.frontendMembership, `      httpPort: ${ports.http}\n`)}${service('history', ports.history, ports.historyMembership)}${service('matching', ports.matching, ports.matchingMembership)}${service('worker', ports.worker, ports.workerMembership)}clusterMetadata:
  enableGlobalNamespace: false
  failoverVersionIncrement: 10
  masterClusterName: "active"
  currentClusterName: "active"
  clusterInformation:
    active:
      enabled: true
      initialFailoverVersion: 1
      rpcName: "frontend"
      rpcAddress: "127.0.0.1:${ports.frontend}"
dcRedirectionPolicy:
  policy: "noop"
dynamicConfigClient:
  filepath: "${path.join(ports.configDir, 'dynamicconfig.yaml')}"
  pollInterval: "10s"
`;
}

// Search attributes registered moments ago are usable at once (else the frontend's cache lags up
// to a minute), and Worker Versioning (deployments, build ids) on, as the rolling upgrade needs.
const DYNAMIC_CONFIG = `system.forceSearchAttributesCacheRefreshOnRead:
  - value: true
system.enableDeployments:
  - value: true
system.enableDeploymentVersions:
  - value: true
frontend.workerVersioningWorkflowAPIs:
  - value: true
frontend.workerVersioningDataAPIs:
  - value: true
`;

/** Ports the server needs beyond the frontend's: all chosen free by the caller. */
export const SERVER_PORT_NAMES = ['frontendMembership', 'http', 'history', 'historyMembership', 'matching', 'matchingMembership', 'worker', 'workerMembership', 'metrics'];

/**
 * Writes the config under `configDir` and starts `temporal-server start`; resolves once the
 * frontend answers a health check. `stop()` ends it (SIGTERM, then SIGKILL).
 */
export async function startClusterServer({ binary, cli, serverUrl, databases, ports, configDir, onOutput, readyTimeoutMs = 180_000 }) {
  mkdirSync(configDir, { recursive: true });
  writeFileSync(path.join(configDir, 'cluster.yaml'), serverConfig({ serverUrl, databases, ports: { ...ports, configDir } }), { mode: 0o600 });
  writeFileSync(path.join(configDir, 'dynamicconfig.yaml'), DYNAMIC_CONFIG);
  const server = await spawnTemporalServer({
    command: binary,
    args: ['--root', configDir, '--config', '.', '--env', 'cluster', '--allow-no-auth', 'start'],
    cli,
    ip: '127.0.0.1',
    port: ports.frontend,
    what: 'the Temporal server',
    onOutput,
    readyTimeoutMs,
    graceMs: 15_000,
  });
  return { address: `127.0.0.1:${ports.frontend}`, ...server };
}

function cliRun(cli, args) {
  return spawnSync(cli, args, { encoding: 'utf8', timeout: 30_000 });
}

/**
 * Registers the namespace (if new) and every search attribute from libs/contracts that the
 * namespace lacks, the same list the dev server is started with. Retries while the server's
 * internal system namespace is still being set up.
 */
export async function registerNamespace({ cli, address, namespace, retention = '72h', log = console.log, timeoutMs = 120_000 }) {
  const deadline = Date.now() + timeoutMs;
  const base = ['--address', address];
  let last = '';
  while (Date.now() < deadline) {
    const described = cliRun(cli, ['operator', 'namespace', 'describe', ...base, '--namespace', namespace]);
    if (described.status === 0) break;
    const created = cliRun(cli, ['operator', 'namespace', 'create', ...base, '--namespace', namespace, '--retention', retention]);
    if (created.status === 0) {
      log(`namespace ${namespace} registered`);
      break;
    }
    last = (created.stderr || created.stdout).trim();
    await new Promise((r) => setTimeout(r, 1000));
  }
  if (Date.now() >= deadline) throw new Error(`could not register the namespace ${namespace}: ${last}`);

  const listed = cliRun(cli, ['operator', 'search-attribute', 'list', ...base, '--namespace', namespace, '-o', 'json']);
  const existing = listed.status === 0 ? listed.stdout : '';
  const missing = Object.entries(searchAttributes()).filter(([name]) => !existing.includes(`"${name}"`));
  for (const [name, type] of missing) {
    for (;;) {
      const res = cliRun(cli, ['operator', 'search-attribute', 'create', ...base, '--namespace', namespace, '--name', name, '--type', type]);
      if (res.status === 0 || /already exists/i.test(res.stderr)) break;
      // A namespace created moments ago is not in the frontend's namespace cache yet (refreshed every few seconds).
      if (!/not found/i.test(res.stderr) || Date.now() >= deadline) throw new Error(`could not register the search attribute ${name} (${type}): ${(res.stderr || res.stdout).trim()}`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  if (missing.length) log(`search attributes registered: ${missing.map(([n, t]) => `${n}=${t}`).join(', ')}`);
}
