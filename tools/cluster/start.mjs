// `npm run stack:cluster`: the production-like stack on one machine (docs/operations.md, "A
// production-like stack on one machine"). Ctrl-C stops every process it started.
import path from 'node:path';
import { ensureDependencies, ROOT, runAsync } from '../lib/setup.mjs';
import { stopOnSignals } from '../lib/stop-signals.mjs';
import { fail, paint, say } from '../lib/log.mjs';
import { port } from '../dev/config.mjs';
import { DEFAULT_PG_URL, startClusterStack } from './stack.mjs';

function count(name, fallback, max) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > max) throw new Error(`${name}=${raw} must be a whole number from 1 to ${max}.`);
  return Number(raw);
}

/** A path as the user would type it: relative inside the checkout, absolute outside. */
const shown = (file) => (path.relative(ROOT, file).startsWith('..') ? file : path.relative(ROOT, file));

let stack;
let build;
let shuttingDown = false;

async function shutdown(code) {
  if (shuttingDown) return;
  shuttingDown = true;
  say('stopping the cluster stack…');
  build?.child.kill('SIGTERM');
  await stack?.stop();
  say('stopped.');
  process.exit(code);
}

async function main() {
  const startedAt = Date.now();
  const settings = {
    pgUrl: process.env.CLUSTER_PG_URL || DEFAULT_PG_URL,
    apis: count('CLUSTER_APIS', 2, 8),
    workers: count('CLUSTER_WORKERS', 3, 16),
    ports: { api: port('API_PORT', 3000), designer: port('DESIGNER_PORT', 4200), temporal: port('TEMPORAL_PORT', 7233), temporalUi: port('TEMPORAL_UI_PORT', 8233) },
  };
  ensureDependencies(say);

  say('building the API, worker and simulator (cached after the first time)…');
  build = runAsync(path.join(ROOT, 'node_modules', '.bin', 'nx'), ['run-many', '-t', 'build', '-p', '@signalbox/api', '@signalbox/worker', '@signalbox/network-simulator', '--outputStyle=static', '--parallel=2'], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if ((await build) !== 0) throw new Error('the build failed (see above). Fix it and run `npm run stack:cluster` again.');
  if (shuttingDown) return;

  const dataDir = path.resolve(ROOT, process.env.SIGNALBOX_DATA_DIR ?? '.signalbox', 'cluster');
  say(`PostgreSQL: ${new URL(settings.pgUrl).host} (set CLUSTER_PG_URL to use another server)`);
  const started = startClusterStack({ ...settings, dataDir, designer: true, log: say, warn: fail });
  // A Ctrl-C during the start stops what has started so far.
  stack = { stop: async () => (await started.catch(() => undefined))?.stop() };
  const running = await started;
  stack = running;

  const seconds = ((Date.now() - startedAt) / 1000).toFixed(0);
  say(paint(32, `The cluster stack is up in ${seconds} s: Temporal ${running.temporal.version} on PostgreSQL, ${settings.apis} APIs, ${settings.workers} workers. Ctrl-C stops everything.`));
  const rows = [
    ['Designer', running.designerUrl],
    ['API', `${running.apiUrl}/api  (round-robin over ${running.apiUrls.join(', ')})`],
    ['Temporal', `${running.temporal.address}  namespace ${running.temporal.namespace}`],
    ['Temporal UI', running.temporalUiUrl],
    ['Databases', `${Object.values(running.databases).join(', ')} on ${new URL(settings.pgUrl).host}`],
    ['Simulator', running.simulatorUrl],
    ['Admin key', `${running.adminKey}  (kept in ${shown(path.join(dataDir, 'admin.key'))})`],
  ];
  for (const [name, value] of rows) say(`  ${name.padEnd(12)} ${value}`);
  say(`  Processes    ${running.processes().map((p) => `${p.name}(${p.pid})`).join(' ')}`);
}

stopOnSignals(shutdown);

main().catch(async (err) => {
  if (shuttingDown) return;
  fail(err.message);
  await shutdown(1);
});
