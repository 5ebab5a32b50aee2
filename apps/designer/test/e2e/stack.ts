import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { createTestDatabase, freePort, repoRoot, startTemporal } from '@signalbox/tools/infra';
import { serveDist } from '../../scripts/serve-dist.mjs';
import { waitFor } from '@signalbox/tools/wait';

export interface Stack {
  designerUrl: string;
  apiUrl: string;
  adminKey: string;
  temporalAddress: string;
  simulatorUrl?: string;
  hasWorker: boolean;
  logs(): string;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 120_000;

/** Waits until `url` answers (below 500); fails at once if the process exits. */
function waitForHttp(url: string, what: string, child: ChildProcess, logs: () => string): Promise<unknown> {
  return waitFor(
    async () => {
      const res = await fetch(url).catch(() => null); // null: not listening yet
      return res !== null && res.status < 500;
    },
    {
      timeout: START_TIMEOUT_MS,
      interval: 200,
      message: `${what} answering ${url}`,
      failIf: () => (child.exitCode !== null ? `${what} exited with ${child.exitCode}:\n${logs()}` : undefined),
    },
  ).catch((e: Error) => {
    throw child.exitCode === null ? new Error(`${e.message}:\n${logs()}`) : e;
  });
}

/** Resolves when the process prints a line matching `ready`; rejects if it exits first. */
function waitForLine(child: ChildProcess, ready: RegExp, what: string, logs: () => string): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const detach = () => {
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onData);
      child.off('exit', onExit);
    };
    const onData = (chunk: Buffer) => {
      seen = (seen + chunk.toString()).slice(-10_000);
      if (!ready.test(seen)) return;
      detach();
      resolve();
    };
    const onExit = (code: number | null) => {
      detach();
      reject(new Error(`${what} exited with ${code} before it was ready:\n${logs()}`));
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    // Escalation, not a wait: a process that ignores SIGTERM is killed.
    setTimeout(() => child.kill('SIGKILL'), 5000).unref();
  });
}

/**
 * The real system behind the built designer: the database, Temporal, the API, the worker and
 * the network simulator, each its own process, on free ports. A start that fails stops what it
 * had started.
 */
export async function startStack(): Promise<Stack> {
  const root = repoRoot();
  const out: string[] = [];
  const children: ChildProcess[] = [];
  const stops: (() => Promise<unknown>)[] = [];
  const log = (name: string) => (chunk: Buffer) => {
    out.push(...chunk.toString().split('\n').filter(Boolean).map((l) => `[${name}] ${l}`));
    if (out.length > 400) out.splice(0, out.length - 400);
  };
  const run = (name: string, script: string, env: Record<string, string>) => {
    const child = spawn(process.execPath, [script], { cwd: root, env: { ...process.env, ...env, NODE_ENV: 'test' }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', log(name));
    child.stderr?.on('data', log(name));
    children.push(child);
    return child;
  };
  const logs = () => out.join('\n');
  // Last started, first stopped: the processes, then Temporal, then the database.
  const stop = async () => {
    for (const s of stops.splice(0).reverse()) await s().catch(() => undefined);
  };

  try {
    const db = await createTestDatabase();
    stops.push(() => db.drop());
    const temporal = await startTemporal();
    stops.push(() => temporal.stop());
    stops.push(() => Promise.all(children.map(stopChild)));
    const adminKey = `sbx_${randomBytes(6).toString('hex')}_${randomBytes(18).toString('base64url')}`;
    const apiPort = await freePort();
    const apiUrl = `http://127.0.0.1:${apiPort}`;

    let simulatorUrl: string | undefined;
    let smtpPort: number | undefined;
    const simulatorMain = path.join(root, 'apps/network-simulator/dist/main.js');
    if (existsSync(simulatorMain)) {
      const [http, tcp, smtp] = [await freePort(), await freePort(), await freePort()];
      simulatorUrl = `http://127.0.0.1:${http}`;
      smtpPort = smtp;
      const sim = run('simulator', simulatorMain, { SIMULATOR_HOST: '127.0.0.1', SIMULATOR_PORT: String(http), SIMULATOR_TCP_PORT: String(tcp), SIMULATOR_SMTP_PORT: String(smtp), SIMULATOR_CALLBACK_API_KEY: adminKey });
      await waitForHttp(`${simulatorUrl}/health`, 'the network simulator', sim, logs);
    }

    const common = {
      DATABASE_URL: db.url,
      SIGNALBOX_SECRET_KEY: randomBytes(32).toString('base64'),
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_NAMESPACE: temporal.namespace,
      TEMPORAL_TASK_QUEUE: `designer-e2e-${randomBytes(3).toString('hex')}`,
      ...(simulatorUrl ? { SIMULATOR_URL: simulatorUrl } : {}),
    };
    const api = run('api', path.join(root, 'apps/api/dist/main.js'), { ...common, PORT: String(apiPort), HOST: '127.0.0.1', SIGNALBOX_ADMIN_KEY: adminKey, SIGNALBOX_DEMO_CATALOG: 'auto', DATABASE_POOL_SIZE: '4', TEMPORAL_UI_URL: 'http://temporal-ui.test' });
    await waitForHttp(`${apiUrl}/api/health`, 'the API', api, logs);

    const workerMain = path.join(root, 'apps/worker/dist/main.js');
    const hasWorker = existsSync(workerMain);
    if (hasWorker) {
      const worker = run('worker', workerMain, { ...common, SMTP_HOST: '127.0.0.1', ...(smtpPort ? { SMTP_PORT: String(smtpPort) } : {}), SIGNALBOX_CALLBACK_URL: apiUrl });
      await waitForLine(worker, /worker ready/, 'the worker', logs);
    }

    const designer = await serveDist({ apiUrl });
    stops.push(() => designer.close());
    return { designerUrl: designer.url, apiUrl, adminKey, temporalAddress: temporal.address, simulatorUrl, hasWorker, logs, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
