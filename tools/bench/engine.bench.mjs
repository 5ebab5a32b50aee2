// Overhead benchmark: N events of a three-step provisioning flow through the interpreter and
// through a hand-written workflow calling the same activities, on one dev server and one
// simulator in the same run. Prints throughput, p50/p95 start-to-complete latency and history
// events per run for both, and their ratios. BENCH_EVENTS (default 200) sets N.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { mkdir, writeFile } from 'node:fs/promises';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, bundleWorkflowCode, Runtime, DefaultLogger } from '@temporalio/worker';
import { createActivities } from '@signalbox/activities';
import { createDataSource, ServiceOrderStore } from '@signalbox/persistence';
import { WORKFLOW_TYPES } from '@signalbox/contracts';
import { temporalConnectionFromVariables } from '@signalbox/contracts/temporal-connection';
import { createTestDatabase, repoRoot, startTemporal } from '@signalbox/tools/infra';

// The engine libraries load from their builds: `npm run bench` builds them first (tools/bench/run.mjs).
const ROOT = repoRoot();
const N = Number(process.env.BENCH_EVENTS ?? 200);
const GOALS = { throughput: 0.8, p50: 1.2 };

function log(message) {
  console.log(`[bench] ${message}`);
}

function startSimulator() {
  const child = spawn(process.execPath, [path.join(ROOT, 'apps/network-simulator/dist/main.js')], {
    env: { ...process.env, SIMULATOR_PORT: '0', SIMULATOR_TCP_PORT: '0', SIMULATOR_SMTP_PORT: '0', SIMULATOR_HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (chunk) => {
      out += chunk.toString();
      const m = /listening on (http:\/\/\S+) \(tcp \d+, smtp (\d+)\)/.exec(out);
      if (m) resolve({ url: m[1], smtpPort: Number(m[2]), stop: () => child.kill('SIGTERM') });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`the simulator exited with ${code}: ${out}`)));
  });
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function runBatch(client, taskQueue, workflowType, inputs) {
  const latencies = [];
  const started = Date.now();
  const handles = await Promise.all(
    inputs.map(async (input) => {
      const t0 = Date.now();
      const handle = await client.workflow.start(workflowType, { workflowId: `bench:${workflowType}:${input.eventId}`, taskQueue, args: [input] });
      return { handle, t0 };
    }),
  );
  await Promise.all(
    handles.map(async ({ handle, t0 }) => {
      await handle.result();
      latencies.push(Date.now() - t0);
    }),
  );
  const elapsed = Date.now() - started;
  const sample = handles.slice(0, Math.min(10, handles.length));
  let events = 0;
  for (const { handle } of sample) events += (await handle.fetchHistory()).events.length;
  latencies.sort((a, b) => a - b);
  return { throughput: (inputs.length * 1000) / elapsed, p50: percentile(latencies, 50), p95: percentile(latencies, 95), events: events / sample.length };
}

async function main() {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  // The worker is an app, not a library: its build is loaded the way the tests spawn it.
  const { createSignalboxWorker } = await import(pathToFileURL(path.join(ROOT, 'apps/worker/dist/create-worker.js')).href);

  log(`starting Temporal, a database and the simulator…`);
  const temporal = await startTemporal();
  const database = await createTestDatabase();
  const simulator = await startSimulator();
  const cleanups = [() => simulator.stop(), () => database.drop(), () => temporal.stop()];
  try {
    const dataSource = createDataSource({ url: database.url, migrationsRun: true, poolSize: 10 });
    await dataSource.initialize();
    cleanups.unshift(() => dataSource.destroy());
    // Against a cluster of your own (TEMPORAL_ADDRESS set), its TLS, mTLS or API key settings apply as in the apps.
    const { options } = process.env.TEMPORAL_ADDRESS ? temporalConnectionFromVariables(process.env) : { options: { address: temporal.address, tls: false } };
    const clientConnection = await Connection.connect(options);
    const client = new Client({ connection: clientConnection, namespace: temporal.namespace });
    const connection = await NativeConnection.connect(options);
    const taskQueue = `bench-${randomUUID().slice(0, 8)}`;
    const provider = {
      code: 'bench-hss', name: 'Bench HSS', protocol: 'http', endpoints: [`${simulator.url}/providers/bench-hss`], auth: { type: 'none' },
      requestTimeoutMs: 10_000, mode: 'async', allowInFlightChanges: false, state: 'effective',
    };
    const serviceType = {
      code: '/service/telco/bench', name: 'Bench', telco: true, permitted: true, defaultMode: 'confirmed', allowInFlightChanges: false, fields: ['msisdn'],
      transitions: [
        { from: 'NEW', to: 'READY' }, { from: 'READY', to: 'PROCESSING' }, { from: 'PROCESSING', to: 'COMPLETED' },
        { from: 'PROCESSING', to: 'FAILED' }, { from: 'NEW', to: 'FAILED' }, { from: 'READY', to: 'FAILED' },
      ],
    };
    const actionCodes = Object.fromEntries(
      ['A1', 'A2', 'A3'].map((n, i) => [`BENCH_${n}`, {
        code: `BENCH_${n}`, actionType: 'provisioning', name: n,
        parameters: { provider: 'bench-hss', serviceType: serviceType.code, action: ['A', 'P', 'R'][i], fields: [], mode: 'confirmed', timeout: '20s', maxWait: '1h', priority: 'normal' },
      }]),
    );
    const snapshot = {
      eventCode: 'BENCH', eventType: 'PROVISIONING', version: 1,
      graph: {
        nodes: [{ id: 'start', kind: 'start' }, { id: 'a1', kind: 'action', actionCode: 'BENCH_A1', inputs: {} }, { id: 'a2', kind: 'action', actionCode: 'BENCH_A2', inputs: {} }, { id: 'a3', kind: 'action', actionCode: 'BENCH_A3', inputs: {} }, { id: 'end', kind: 'end', result: 'completed' }],
        edges: [
          { id: 'e1', source: 'start', sourceHandle: 'next', target: 'a1' }, { id: 'e2', source: 'a1', sourceHandle: 'success', target: 'a2' },
          { id: 'e3', source: 'a2', sourceHandle: 'success', target: 'a3' }, { id: 'e4', source: 'a3', sourceHandle: 'success', target: 'end' },
        ],
      },
      actionCodes, templates: {}, providers: { 'bench-hss': provider }, serviceTypes: { [serviceType.code]: serviceType },
    };
    log('bundling the workflows (interpreter + hand-written baseline)…');
    // Bundle entry: the product's workflows plus the hand-written baseline (libs/workflows/src/baseline).
    // Written under node_modules/.cache so the bundler resolves packages from the repository.
    const entryDir = path.join(ROOT, 'node_modules', '.cache', 'signalbox-bench');
    await mkdir(entryDir, { recursive: true });
    const entry = path.join(entryDir, 'entry.ts');
    const workflowsSrc = path.join(ROOT, 'libs/workflows/src');
    await writeFile(entry, `export * from '${workflowsSrc}/index';\nexport { handWrittenProvisioningWorkflow } from '${workflowsSrc}/baseline/hand-written.workflow';\n`);
    const bundle = await bundleWorkflowCode({
      workflowsPath: entry,
      webpackConfigHook: (config) => ({ ...config, resolve: { ...config.resolve, conditionNames: ['@signalbox/source', 'require', 'module', 'import', 'default'] } }),
      logger: { info() {}, warn() {}, error: console.error, debug() {}, trace() {}, log() {} },
    });
    const activities = createActivities({
      orders: new ServiceOrderStore(dataSource),
      providers: { load: async () => provider },
      temporal: client,
      config: { taskQueue, simulatorUrl: simulator.url, smtp: { host: '127.0.0.1', port: simulator.smtpPort, from: 'bench@localhost' } },
    });
    const worker = await createSignalboxWorker({ connection, namespace: temporal.namespace, taskQueue, activities, workflowBundle: bundle, maxConcurrentActivityTaskExecutions: 100 });
    const running = worker.run();
    cleanups.unshift(async () => {
      worker.shutdown();
      await running;
      await connection.close();
      await clientConnection.close();
    });

    const inputs = (tag) =>
      Array.from({ length: N }, (_, i) => {
        const eventId = `${tag}-${i}-${randomUUID().slice(0, 6)}`;
        return { snapshot, subject: { msisdn: `4477${String(1_000_000 + i).padStart(8, '0')}`, serviceId: `bench-${eventId}` }, data: {}, eventId, raisedAt: new Date().toISOString(), test: false };
      });
    log(`warming up…`);
    await runBatch(client, taskQueue, WORKFLOW_TYPES.interpreter, inputs('warm-i').slice(0, 10));
    await runBatch(client, taskQueue, 'handWrittenProvisioningWorkflow', inputs('warm-h').slice(0, 10));
    log(`running ${N} events through the hand-written workflow…`);
    const hand = await runBatch(client, taskQueue, 'handWrittenProvisioningWorkflow', inputs('hand'));
    log(`running ${N} events through the interpreter…`);
    const interp = await runBatch(client, taskQueue, WORKFLOW_TYPES.interpreter, inputs('interp'));

    const row = (name, r) => `${name.padEnd(14)} ${r.throughput.toFixed(1).padStart(10)} ${String(r.p50).padStart(9)} ${String(r.p95).padStart(9)} ${r.events.toFixed(1).padStart(10)}`;
    console.log('');
    console.log(`three-step provisioning flow, ${N} events, concurrent starts`);
    console.log(`${'workflow'.padEnd(14)} ${'runs/s'.padStart(10)} ${'p50 ms'.padStart(9)} ${'p95 ms'.padStart(9)} ${'events/run'.padStart(10)}`);
    console.log(row('hand-written', hand));
    console.log(row('interpreter', interp));
    const tRatio = interp.throughput / hand.throughput;
    const pRatio = interp.p50 / hand.p50;
    console.log('');
    console.log(`throughput ratio interpreter/hand-written: ${tRatio.toFixed(2)}× (goal ≥ ${GOALS.throughput}×) ${tRatio >= GOALS.throughput ? 'met' : 'NOT met'}`);
    console.log(`p50 latency ratio interpreter/hand-written: ${pRatio.toFixed(2)}× (goal ≤ ${GOALS.p50}×) ${pRatio <= GOALS.p50 ? 'met' : 'NOT met'}`);
    console.log(`history events per run ratio: ${(interp.events / hand.events).toFixed(2)}×`);
  } finally {
    for (const cleanup of cleanups) await Promise.resolve(cleanup()).catch(() => {});
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(`[bench] failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
