// `npm start`: from a bare checkout to the whole of Signalbox running, in one terminal.
import { createRequire } from 'node:module';
import path from 'node:path';
import { ensureDependencies, ROOT, run } from '../lib/setup.mjs';
import { fail, label, paint, say } from '../lib/log.mjs';
import { portInUse } from '../lib/ports.mjs';
import { ensureTemporalBinary, startDevServer } from '../temporal/temporal.mjs';
import { loadDevConfig } from './config.mjs';
import { devSecrets } from './secrets.mjs';
import { giveSimulatorAgentKey } from './simulator-key.mjs';
import { ProcessGroup, waitForHttp, waitForLine } from './processes.mjs';

const group = new ProcessGroup();
let temporal;
let database;
let shuttingDown = false;

async function shutdown(code) {
  if (shuttingDown) return;
  shuttingDown = true;
  say('stopping…');
  await group.stopAll();
  await database?.stop().catch(() => {});
  await temporal?.stop().catch(() => {});
  say('stopped.');
  process.exit(code);
}

async function checkPorts(config) {
  const needed = Object.entries(config.ports).filter(([name]) => {
    if (name.startsWith('TEMPORAL') && config.temporalAddress) return false;
    if (name === 'PGLITE_PORT' && config.databaseUrl) return false;
    return true;
  });
  const busy = [];
  for (const [name, port] of needed) if (await portInUse(port)) busy.push(`port ${port} is in use: stop what holds it or set ${name} to a free port`);
  if (busy.length) throw new Error(busy.join('\n'));
}

async function main() {
  const startedAt = Date.now();
  const config = loadDevConfig();
  const { ports } = config;
  ensureDependencies(say);
  await checkPorts(config);

  // Temporal first: building it is the long step on a new machine.
  let temporalAddress = config.temporalAddress;
  let temporalUi = process.env.TEMPORAL_UI_URL;
  if (!temporalAddress) {
    const binary = await ensureTemporalBinary({ log: say });
    say('starting the Temporal dev server…');
    temporal = await startDevServer({
      binary,
      port: ports.TEMPORAL_PORT,
      uiPort: ports.TEMPORAL_UI_PORT,
      dbFile: path.join(config.dataDir, 'temporal.db'),
      onOutput: (text) => !shuttingDown && text.split('\n').filter(Boolean).forEach((line) => process.stdout.write(label('temporal') + line + '\n')),
    });
    temporalAddress = temporal.address;
    temporalUi = temporal.uiUrl;
  }

  say('building (cached after the first time)…');
  const nx = path.join(ROOT, 'node_modules', '.bin', 'nx');
  const built = run(nx, ['run-many', '-t', 'build', '-p', '@signalbox/api', '@signalbox/worker', '@signalbox/network-simulator', '--outputStyle=static', '--parallel=2'], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (built !== 0) throw new Error('the build failed (see above). Fix it and run `npm start` again.');

  const secrets = devSecrets(config.dataDir);
  let databaseUrl = config.databaseUrl;
  let demo = config.demoCatalog ?? 'off';
  if (!databaseUrl) {
    const { startPgliteServer } = await import('../lib/pglite-server.mjs');
    database = await startPgliteServer({ dataDir: path.join(config.dataDir, 'pglite'), port: ports.PGLITE_PORT });
    databaseUrl = database.url;
    demo = config.demoCatalog ?? 'auto';
    say(`embedded database (PGlite) on ${databaseUrl}, data in ${path.relative(ROOT, config.dataDir)}/pglite`);
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

  group.onUnexpectedExit = (name, code, signal) => {
    fail(`${name} stopped unexpectedly (${signal ?? `exit code ${code}`}); stopping the stack.`);
    void shutdown(1);
  };

  const simulator = group.start('simulator', process.execPath, ['dist/main.js'], {
    cwd: path.join(ROOT, 'apps', 'network-simulator'),
    env: {
      SIMULATOR_PORT: String(ports.SIMULATOR_PORT),
      SIMULATOR_TCP_PORT: String(ports.SIMULATOR_TCP_PORT),
      SIMULATOR_SMTP_PORT: String(ports.SIMULATOR_SMTP_PORT),
      // Verify the demo providers' signatures like a real charging system would.
      SIMULATOR_PRESET: 'demo',
    },
  });
  await waitForHttp(`${simulatorUrl}/health`, { what: 'the network simulator', child: simulator });

  const api = group.start('api', process.execPath, ['dist/main.js'], {
    cwd: path.join(ROOT, 'apps', 'api'),
    env: { ...common, PORT: String(ports.API_PORT), SIGNALBOX_ADMIN_KEY: secrets.adminKey, SIGNALBOX_DEMO_CATALOG: demo },
  });
  await waitForHttp(`${apiUrl}/api/health`, { what: 'the API', child: api, timeoutMs: 120_000 });
  // Async providers call back into the API with an agent key scoped to the simulated providers.
  await giveSimulatorAgentKey({ apiUrl, simulatorUrl, adminKey: secrets.adminKey, dataDir: config.dataDir });

  const worker = group.start('worker', process.execPath, ['dist/main.js'], {
    cwd: path.join(ROOT, 'apps', 'worker'),
    env: {
      ...common,
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(ports.SIMULATOR_SMTP_PORT),
      // Async (queued) providers answer by calling the API back.
      SIGNALBOX_CALLBACK_URL: apiUrl,
      SIGNALBOX_OPS_EMAIL: process.env.SIGNALBOX_OPS_EMAIL ?? 'ops@signalbox.local',
    },
  });
  await waitForLine(worker, /worker ready/i, { what: 'the worker', timeoutMs: 120_000 });

  const designerUrl = `http://localhost:${ports.DESIGNER_PORT}`;
  const designerDir = path.join(ROOT, 'apps', 'designer');
  const vitePackage = createRequire(path.join(designerDir, 'package.json')).resolve('vite/package.json');
  const viteBin = path.join(path.dirname(vitePackage), 'bin', 'vite.js');
  const designer = group.start('designer', process.execPath, [viteBin, '--port', String(ports.DESIGNER_PORT), '--strictPort'], {
    cwd: designerDir,
    env: { DESIGNER_PORT: String(ports.DESIGNER_PORT), API_URL: apiUrl },
  });
  await waitForHttp(designerUrl, { what: 'the designer', child: designer });

  const seconds = ((Date.now() - startedAt) / 1000).toFixed(0);
  const rows = [
    ['Designer', designerUrl],
    ['API', `${apiUrl}/api  (docs: ${apiUrl}/api/docs)`],
    ['Temporal UI', temporalUi ?? `(external cluster at ${temporalAddress})`],
    ['Simulator', simulatorUrl],
    ['Admin key', `${secrets.adminKey}  (kept in ${path.relative(ROOT, config.dataDir)}/admin.key)`],
  ];
  say(paint(32, `Signalbox is up in ${seconds} s. Ctrl-C stops everything.`));
  for (const [name, value] of rows) say(`  ${name.padEnd(12)} ${value}`);
}

process.on('SIGINT', () => void shutdown(0));
process.on('uncaughtException', (err) => {
  fail(`unexpected error: ${err.message}`);
  void shutdown(1);
});
process.on('SIGTERM', () => void shutdown(0));

main().catch(async (err) => {
  fail(err.message);
  await shutdown(1);
});
