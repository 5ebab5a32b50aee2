// The production-like stack on one machine: a Temporal server on PostgreSQL, the network
// simulator, N API processes behind a round-robin balancer, M workers and (optionally) the
// designer, every process supervised (restarted with backoff when it dies, like an orchestrator
// would). `npm run stack:cluster` and the cluster test both start it from here.
import { createRequire } from 'node:module';
import path from 'node:path';
import { ROOT } from '../lib/setup.mjs';
import { freePort, portInUse } from '../lib/ports.mjs';
import { ensureTemporalBinary } from '../temporal/temporal.mjs';
import { exitOf, launchProcess, waitForHttp, waitForLine } from '../dev/processes.mjs';
import { localWorkerEnv } from '../dev/config.mjs';
import { devSecrets } from '../dev/secrets.mjs';
import { giveSimulatorAgentKey } from '../dev/simulator-key.mjs';
import { Supervisor } from '../dev/supervisor.mjs';
import { startBalancer } from './balancer.mjs';
import { ensureClusterBinaries, ensureUiServer } from './binaries.mjs';
import { uiServerArgs } from './web-ui.mjs';
import { applySchemas, clusterDatabases, createDatabases, databaseUrl, dropDatabases, registerNamespace, SERVER_PORT_NAMES, startClusterServer } from './temporal-server.mjs';

export const DEFAULT_PG_URL = 'postgres://postgres@127.0.0.1:5432';

/** Drops the three databases of a stack started with `dbPrefix` (tests, also after a failed start). */
export function dropClusterDatabases(pgUrl, dbPrefix) {
  return dropDatabases(pgUrl, Object.values(clusterDatabases(dbPrefix)));
}

/** `wanted` when it is free, else any free port (the health line shows which). */
async function portFor(wanted) {
  return wanted !== undefined && !(await portInUse(wanted)) ? wanted : freePort();
}

const nodeApp = (dir) => ({ command: process.execPath, args: [path.join(ROOT, 'apps', dir, 'dist', 'main.js')], cwd: path.join(ROOT, 'apps', dir) });

/**
 * @param {{ pgUrl?: string, dbPrefix?: string, dataDir: string, apis?: number, workers?: number,
 *   designer?: boolean, ui?: boolean, namespace?: string, taskQueue?: string,
 *   ports?: { api?: number, designer?: number, temporal?: number, temporalUi?: number },
 *   log?: (line: string) => void, warn?: (line: string) => void, onLine?: (name: string, line: string) => void,
 *   apiEnv?: Record<string, string>, workerEnv?: Record<string, string> }} options
 */
export async function startClusterStack(options) {
  const { pgUrl = DEFAULT_PG_URL, dbPrefix = '', dataDir, apis = 2, workers = 3, namespace = 'default', log = console.log } = options;
  const warn = options.warn ?? log;
  const onLine = options.onLine;
  const supervisor = new Supervisor({ log, warn });
  const databases = clusterDatabases(dbPrefix);
  const stop = async () => {
    await supervisor.stopAll();
    await balancer?.close();
  };
  let balancer;

  try {
    const binaries = await ensureClusterBinaries({ log });
    const cli = await ensureTemporalBinary({ log });

    const created = await createDatabases(pgUrl, Object.values(databases));
    log(created.length ? `created databases ${created.join(', ')}` : `databases ${Object.values(databases).join(', ')} exist: resuming them`);
    applySchemas({ sqlTool: binaries.sql, serverUrl: pgUrl, databases, log });

    const temporalPorts = { frontend: await portFor(options.ports?.temporal) };
    for (const name of SERVER_PORT_NAMES) temporalPorts[name] = await freePort();
    const configDir = path.join(dataDir, 'temporal');
    await supervisor.add('temporal', async () => {
      log(`starting the Temporal server ${binaries.version} on PostgreSQL (${databases.temporal}, ${databases.visibility})…`);
      const server = await startClusterServer({
        binary: binaries.server,
        cli,
        serverUrl: pgUrl,
        databases,
        ports: temporalPorts,
        configDir,
        onOutput: (text) => text.split('\n').filter(Boolean).forEach((line) => (onLine ? onLine('temporal', line) : process.stdout.write(`[temporal] ${line}\n`))),
      });
      return { child: server.process, exited: exitOf(server.process), stop: server.stop };
    });
    const temporalAddress = `127.0.0.1:${temporalPorts.frontend}`;
    await registerNamespace({ cli, address: temporalAddress, namespace, log });

    let temporalUiUrl;
    if (options.ui !== false) {
      const ui = await ensureUiServer({ log });
      const uiPort = await portFor(options.ports?.temporalUi);
      temporalUiUrl = `http://localhost:${uiPort}`;
      const args = uiServerArgs({ configDir: path.join(dataDir, 'temporal-ui'), temporalAddress, port: uiPort, namespace });
      await supervisor.add('temporal-ui', () =>
        launchProcess('temporal-ui', ui.binary, args, { onLine: onLine && ((line) => onLine('temporal-ui', line)), ready: (child) => waitForHttp(temporalUiUrl, { what: 'the Temporal Web UI', child }) }),
      );
    }

    const secrets = devSecrets(dataDir);
    const ports = {
      balancer: await portFor(options.ports?.api),
      designer: options.designer ? await portFor(options.ports?.designer) : undefined,
      simulator: await freePort(),
      simulatorTcp: await freePort(),
      simulatorSmtp: await freePort(),
      apis: await Promise.all(Array.from({ length: apis }, () => freePort())),
      workerMetrics: await Promise.all(Array.from({ length: workers }, () => freePort())),
    };
    const apiUrl = `http://127.0.0.1:${ports.balancer}`;
    const simulatorUrl = `http://127.0.0.1:${ports.simulator}`;
    const launch = (name, app, env, ready) => () => launchProcess(name, app.command, app.args, { cwd: app.cwd, env, ready, onLine: onLine && ((line) => onLine(name, line)) });
    const common = {
      DATABASE_URL: databaseUrl(pgUrl, databases.signalbox),
      TEMPORAL_ADDRESS: temporalAddress,
      TEMPORAL_NAMESPACE: namespace,
      ...(options.taskQueue ? { TEMPORAL_TASK_QUEUE: options.taskQueue } : {}),
      TEMPORAL_UI_URL: temporalUiUrl ?? '',
      SIGNALBOX_SECRET_KEY: secrets.secretKey,
      SIMULATOR_URL: simulatorUrl,
      NODE_ENV: process.env.NODE_ENV ?? 'production',
    };

    const simulatorKey = { apiUp: false };
    const giveKey = () => giveSimulatorAgentKey({ apiUrl, simulatorUrl, adminKey: secrets.adminKey, dataDir });
    await supervisor.add(
      'simulator',
      launch('simulator', nodeApp('network-simulator'), { SIMULATOR_HOST: '127.0.0.1', SIMULATOR_PORT: String(ports.simulator), SIMULATOR_TCP_PORT: String(ports.simulatorTcp), SIMULATOR_SMTP_PORT: String(ports.simulatorSmtp), SIMULATOR_PRESET: 'demo' }, async (child) => {
        await waitForHttp(`${simulatorUrl}/health`, { what: 'the network simulator', child });
        if (simulatorKey.apiUp) await giveKey();
      }),
    );

    // One after the other: the first runs the migrations, the next finds them done.
    const apiUrls = ports.apis.map((port) => `http://127.0.0.1:${port}`);
    for (const [i, port] of ports.apis.entries()) {
      const env = { ...common, PORT: String(port), HOST: '127.0.0.1', SIGNALBOX_ADMIN_KEY: secrets.adminKey, SIGNALBOX_DEMO_CATALOG: 'auto', ...options.apiEnv };
      await supervisor.add(`api-${i + 1}`, launch(`api-${i + 1}`, nodeApp('api'), env, (child) => waitForHttp(`${apiUrls[i]}/api/health`, { what: `API ${i + 1}`, child, timeoutMs: 180_000 })));
    }
    balancer = await startBalancer({ port: ports.balancer, upstreams: apiUrls });
    log(`balancer on ${apiUrl} → ${apiUrls.join(', ')}`);
    await giveKey();
    simulatorKey.apiUp = true;

    for (const [i, metricsPort] of ports.workerMetrics.entries()) {
      const env = { ...localWorkerEnv({ common, smtpPort: ports.simulatorSmtp, apiUrl, metricsPort }), ...options.workerEnv };
      await supervisor.add(`worker-${i + 1}`, launch(`worker-${i + 1}`, nodeApp('worker'), env, (child) => waitForLine(child, /worker ready/i, { what: `worker ${i + 1}`, timeoutMs: 180_000 })));
    }

    let designerUrl;
    if (ports.designer) {
      designerUrl = `http://localhost:${ports.designer}`;
      const designerDir = path.join(ROOT, 'apps', 'designer');
      const viteBin = path.join(path.dirname(createRequire(path.join(designerDir, 'package.json')).resolve('vite/package.json')), 'bin', 'vite.js');
      const app = { command: process.execPath, args: [viteBin, '--port', String(ports.designer), '--strictPort'], cwd: designerDir };
      // The designer's own proxy sends /api to the balancer, as a browser would reach the ingress.
      await supervisor.add('designer', launch('designer', app, { DESIGNER_PORT: String(ports.designer), API_URL: apiUrl }, (child) => waitForHttp(designerUrl, { what: 'the designer', child })));
    }

    const service = (name) => supervisor.services.find((s) => s.name === name);
    /** SIGKILLs a supervised process and resolves once the supervisor has it running again. */
    const killAndAwaitRestart = async (name) => {
      const s = service(name);
      if (!s?.running) throw new Error(`${name} is not running`);
      const restarts = s.restarts;
      const { child } = s.running;
      const pid = child?.pid ?? -1;
      child.kill('SIGKILL');
      await exitOf(child);
      while (s.restarts === restarts) await new Promise((r) => setTimeout(r, 200));
      return { killedPid: pid, newPid: s.running?.child?.pid ?? -1 };
    };

    return {
      apiUrl,
      apiUrls,
      simulatorUrl,
      designerUrl,
      temporalUiUrl,
      adminKey: secrets.adminKey,
      temporal: { address: temporalAddress, namespace, cli, version: binaries.version },
      databases,
      balancer,
      processes: () => supervisor.services.map((s) => ({ name: s.name, pid: s.running?.child?.pid, restarts: s.restarts })),
      killWorker: (i) => killAndAwaitRestart(`worker-${(i % workers) + 1}`),
      killApi: (i) => killAndAwaitRestart(`api-${(i % apis) + 1}`),
      /** Stops the Temporal server (SIGTERM) and resolves once the supervisor has it serving again. */
      restartTemporal: async () => {
        const s = service('temporal');
        const restarts = s.restarts;
        const { child } = s.running;
        child.kill('SIGTERM');
        await exitOf(child);
        while (s.restarts === restarts) await new Promise((r) => setTimeout(r, 200));
      },
      stop,
      /** Stops the stack and drops its three databases (tests). */
      destroy: async () => {
        await stop();
        await dropDatabases(pgUrl, Object.values(databases));
      },
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
