import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { createTestDatabase, freePort, repoRoot, startTemporal } from '@signalbox/tools/infra';
import { serveDist } from '../../scripts/serve-dist.mjs';

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

async function waitFor(url: string, what: string, child: ChildProcess, logs: () => string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}:\n${logs()}`);
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what} did not answer ${url} within ${timeoutMs / 1000} s:\n${logs()}`);
}

/**
 * The real system behind the built designer: PostgreSQL (embedded or DATABASE_URL's), Temporal, the API, the worker and
 * the network simulator, each its own process, on free ports.
 */
export async function startStack(): Promise<Stack> {
  const root = repoRoot();
  const out: string[] = [];
  const children: ChildProcess[] = [];
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

  const db = await createTestDatabase();
  const temporal = await startTemporal();
  const adminKey = `sbx_${randomBytes(6).toString('hex')}_${randomBytes(18).toString('base64url')}`;
  const secretKey = randomBytes(32).toString('base64');
  const apiPort = await freePort();
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const stops: (() => Promise<unknown>)[] = [];

  let simulatorUrl: string | undefined;
  let smtpPort: number | undefined;
  const simulatorMain = path.join(root, 'apps/network-simulator/dist/main.js');
  if (existsSync(simulatorMain)) {
    const [http, tcp, smtp] = [await freePort(), await freePort(), await freePort()];
    simulatorUrl = `http://127.0.0.1:${http}`;
    smtpPort = smtp;
    const sim = run('simulator', simulatorMain, { SIMULATOR_HOST: '127.0.0.1', SIMULATOR_PORT: String(http), SIMULATOR_TCP_PORT: String(tcp), SIMULATOR_SMTP_PORT: String(smtp), SIMULATOR_CALLBACK_API_KEY: adminKey });
    await waitFor(`${simulatorUrl}/health`, 'the network simulator', sim, logs);
  }

  const common = {
    DATABASE_URL: db.url,
    SIGNALBOX_SECRET_KEY: secretKey,
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_NAMESPACE: temporal.namespace,
    TEMPORAL_TASK_QUEUE: `designer-e2e-${randomBytes(3).toString('hex')}`,
    ...(simulatorUrl ? { SIMULATOR_URL: simulatorUrl } : {}),
  };
  const api = run('api', path.join(root, 'apps/api/dist/main.js'), { ...common, PORT: String(apiPort), HOST: '127.0.0.1', SIGNALBOX_ADMIN_KEY: adminKey, SIGNALBOX_DEMO_CATALOG: 'auto', DATABASE_POOL_SIZE: '4', TEMPORAL_UI_URL: 'http://temporal-ui.test' });
  await waitFor(`${apiUrl}/api/health`, 'the API', api, logs);

  const workerMain = path.join(root, 'apps/worker/dist/main.js');
  const hasWorker = existsSync(workerMain);
  if (hasWorker) {
    const worker = run('worker', workerMain, { ...common, SMTP_HOST: '127.0.0.1', ...(smtpPort ? { SMTP_PORT: String(smtpPort) } : {}), SIGNALBOX_CALLBACK_URL: apiUrl });
    const deadline = Date.now() + 90_000;
    while (!out.some((l) => l.startsWith('[worker]') && /worker ready/.test(l))) {
      if (worker.exitCode !== null || Date.now() > deadline) throw new Error(`the worker did not start:\n${logs()}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  }

  const designer = await serveDist({ apiUrl });
  stops.push(() => designer.close());
  return {
    designerUrl: designer.url,
    apiUrl,
    adminKey,
    temporalAddress: temporal.address,
    simulatorUrl,
    hasWorker,
    logs,
    async stop() {
      for (const s of stops) await s().catch(() => undefined);
      await Promise.all(
        children.map(
          (c) =>
            new Promise<void>((resolve) => {
              if (c.exitCode !== null) return resolve();
              c.once('exit', () => resolve());
              c.kill('SIGTERM');
              setTimeout(() => c.kill('SIGKILL'), 5000).unref();
            }),
        ),
      );
      await temporal.stop();
      await db.drop();
    },
  };
}
