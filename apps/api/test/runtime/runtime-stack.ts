import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { createTestDatabase, freePort, repoRoot, startTemporal, tmpDir } from '@signalbox/tools/infra';
import { startDevServer } from '@signalbox/tools/temporal';
import { waitFor } from '@signalbox/tools/wait';

/** A started process whose output is kept for the failure message instead of flooding the log. */
class Child {
  readonly output: string[] = [];
  readonly exited: Promise<number | null>;

  constructor(
    readonly name: string,
    readonly process: ChildProcess,
  ) {
    for (const stream of [process.stdout, process.stderr]) {
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk: string) => {
        this.output.push(...chunk.split('\n').filter(Boolean));
        if (this.output.length > 400) this.output.splice(0, this.output.length - 400);
      });
    }
    this.exited = new Promise((resolve) => process.once('exit', (code) => resolve(code)));
  }

  get running(): boolean {
    return this.process.exitCode === null && this.process.signalCode === null;
  }

  tail(lines = 40): string {
    return `--- ${this.name} (last ${lines} lines) ---\n${this.output.slice(-lines).join('\n')}`;
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    const killer = setTimeout(() => this.process.kill('SIGKILL'), 8000);
    this.process.kill('SIGTERM');
    await this.exited;
    clearTimeout(killer);
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are read loosely in assertions
type Loose = any;

export interface HttpAnswer<T = Loose> {
  status: number;
  body: T;
}

export interface RuntimeStack {
  apiUrl: string;
  simulatorUrl: string;
  adminKey: string;
  taskQueue: string;
  temporal: { address: string; namespace: string; binary?: string };
  api<T = Loose>(method: string, url: string, body?: unknown, key?: string): Promise<HttpAnswer<T>>;
  simulator<T = Loose>(method: string, url: string, body?: unknown): Promise<HttpAnswer<T>>;
  /** Output of the processes, for assertion messages. */
  logs(): string;
  /** Starts one more worker of the stack, on `taskQueue` (stopped with the stack). */
  startWorker(taskQueue: string): Promise<void>;
  /** With `ownTemporal`: stops the stack's Temporal server, and starts it again on the same address and database file. */
  temporalOutage?: { stop(): Promise<void>; restart(): Promise<void> };
  /** Kills the worker with SIGKILL (no shutdown of any kind) and starts a new one; resolves once it is ready. */
  killWorker(): Promise<{ killedPid: number; newPid: number }>;
  stop(): Promise<void>;
}

export interface RuntimeStackOptions {
  /** A Temporal dev server of the stack's own, on a database file, that the test may stop and start again. */
  ownTemporal?: boolean;
  /** More environment for the API (its settings, e.g. SIGNALBOX_CANCEL_GRACE_MS). */
  apiEnv?: Record<string, string>;
  /**
   * How the API and the worker reach Temporal, given the server's plaintext address: TEMPORAL_*
   * variables replacing the plain address (e.g. a TLS endpoint in front of it).
   */
  temporalAccess?: (temporal: { address: string }) => Promise<Record<string, string>>;
  /** More environment for the worker (e.g. SIGNALBOX_METRICS_PORT, SIGNALBOX_PROBE_INTERVAL_MS). */
  workerEnv?: Record<string, string>;
}

const DIST = {
  api: 'apps/api/dist/main.js',
  worker: 'apps/worker/dist/main.js',
  simulator: 'apps/network-simulator/dist/main.js',
} as const;

/** Which built entry points are missing (the tests that need them say so instead of failing obscurely). */
export function missingBuilds(): string[] {
  const root = repoRoot();
  return Object.values(DIST).filter((file) => !existsSync(path.join(root, file)));
}

/** One HTTP call, the body parsed as JSON when it is JSON (the text otherwise). */
/** Throws, naming what to build, when an app the stack launches has not been built. */
export function assertBuilt(): void {
  const missing = missingBuilds();
  if (missing.length) throw new Error(`build first (npm run build): ${missing.join(', ')} missing`);
}

export async function request(base: string, method: string, url: string, body: unknown, headers: Record<string, string>): Promise<HttpAnswer> {
  const res = await fetch(base + url, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body: parsed };
}

async function waitUntil(what: string, child: Child, check: () => Promise<boolean>, timeoutMs = 90_000): Promise<void> {
  try {
    await waitFor(check, { timeout: timeoutMs, interval: 300, message: `${what} to be ready`, failIf: () => (child.running ? undefined : 'it exited') });
  } catch (err) {
    throw new Error(`${(err as Error).message}\n${child.tail()}`);
  }
}

/**
 * The real runtime: a Temporal dev server (shared when TEMPORAL_ADDRESS is set), a fresh database,
 * and the built network simulator, API (with the demo catalog) and worker on free ports, on a task
 * queue of their own so other test files' workers never take these runs.
 */
export async function startRuntimeStack(options: RuntimeStackOptions = {}): Promise<RuntimeStack> {
  const root = repoRoot();
  const children: Child[] = [];
  const dbFile = options.ownTemporal ? path.join(tmpDir('signalbox-temporal-'), 'temporal.db') : undefined;
  const temporal = await startTemporal(dbFile ? { reuse: false, dbFile } : undefined);
  let temporalServer: { stop(): Promise<void> } = temporal;
  const ownPort = temporal.port;
  const temporalOutage =
    dbFile && ownPort !== undefined
      ? {
          stop: () => temporalServer.stop(),
          restart: async () => {
            temporalServer = await startDevServer({ binary: temporal.binary, port: ownPort, headless: true, dbFile });
          },
        }
      : undefined;
  const db = await createTestDatabase();
  const [apiPort, simPort, tcpPort, smtpPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const taskQueue = `signalbox-test-${randomBytes(4).toString('hex')}`;
  const adminKey = `sbx_${randomBytes(6).toString('hex')}_${randomBytes(18).toString('base64url')}`;
  const secretKey = randomBytes(32).toString('base64');
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const simulatorUrl = `http://127.0.0.1:${simPort}`;
  const launch = (name: keyof typeof DIST, env: Record<string, string>) => {
    const child = new Child(name, spawn(process.execPath, [path.join(root, DIST[name])], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] }));
    children.push(child);
    return child;
  };
  const stop = async () => {
    for (const child of [...children].reverse()) await child.stop();
    await db.drop();
    await temporalServer.stop();
  };

  let shared: Record<string, string> = {};
  let workerEnv: Record<string, string> = {};
  let worker: Child | undefined;
  const launchWorker = async (queue: string) => {
    const child = launch('worker', { ...workerEnv, TEMPORAL_TASK_QUEUE: queue });
    await waitUntil('the worker', child, async () => child.output.some((line) => /worker ready/.test(line)));
    return child;
  };
  const startWorker = async (queue: string) => {
    await launchWorker(queue);
  };
  const killWorker = async () => {
    const old = worker;
    if (!old?.running || old.process.pid === undefined) throw new Error(`the worker is not running\n${old?.tail() ?? ''}`);
    old.process.kill('SIGKILL');
    await old.exited;
    children.splice(children.indexOf(old), 1);
    worker = await launchWorker(taskQueue);
    return { killedPid: old.process.pid, newPid: worker.process.pid ?? -1 };
  };

  try {
    const sim = launch('simulator', { SIMULATOR_HOST: '127.0.0.1', SIMULATOR_PORT: String(simPort), SIMULATOR_TCP_PORT: String(tcpPort), SIMULATOR_SMTP_PORT: String(smtpPort) });
    await waitUntil('the network simulator', sim, async () => (await fetch(`${simulatorUrl}/health`)).ok);

    shared = {
      DATABASE_URL: db.url,
      SIGNALBOX_SECRET_KEY: secretKey,
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_NAMESPACE: temporal.namespace,
      TEMPORAL_TASK_QUEUE: taskQueue,
      SIMULATOR_URL: simulatorUrl,
      SIGNALBOX_INDEX_PERSONAL_KEYS: 'true',
      ...(await options.temporalAccess?.({ address: temporal.address })),
    };
    const api = launch('api', {
      ...shared,
      PORT: String(apiPort),
      HOST: '127.0.0.1',
      DATABASE_POOL_SIZE: '4',
      SIGNALBOX_ADMIN_KEY: adminKey,
      SIGNALBOX_DEMO_CATALOG: 'auto',
      TEMPORAL_UI_URL: 'http://temporal-ui.test',
      ...options.apiEnv,
    });
    await waitUntil('the API', api, async () => (await fetch(`${apiUrl}/api/health`)).status === 200);
    workerEnv = { ...shared, SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtpPort), SIGNALBOX_CALLBACK_URL: apiUrl, ...options.workerEnv };

    worker = await launchWorker(taskQueue);
  } catch (err) {
    await stop();
    throw err;
  }

  return {
    apiUrl,
    simulatorUrl,
    adminKey,
    taskQueue,
    temporal: { address: temporal.address, namespace: temporal.namespace, binary: temporal.binary },
    api: (method, url, body, key = adminKey) => request(apiUrl, method, url, body, { authorization: `Bearer ${key}` }),
    simulator: (method, url, body) => request(simulatorUrl, method, url, body, {}),
    logs: () => children.map((c) => c.tail()).join('\n'),
    startWorker,
    ...(temporalOutage ? { temporalOutage } : {}),
    killWorker,
    stop,
  };
}

/** Polls until `check` returns a value (not undefined) or the deadline passes; returns the last value. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  return (await waitFor(async () => {
    const value = await check();
    return value === undefined ? undefined : { value };
  }, { timeout: timeoutMs, interval: 250, message: what })).value;
}

/** A graph of one action node `enable`: success ends `done` (completed unless told), failure and timeout end `failed`. */
export function oneActionGraph(actionCode: string, onSuccess: 'completed' | 'failed' = 'completed') {
  return {
    nodes: [
      { id: 'start', kind: 'start' },
      { id: 'enable', kind: 'action', actionCode },
      { id: 'done', kind: 'end', result: onSuccess },
      { id: 'failed', kind: 'end', result: 'failed' },
    ],
    edges: [
      { id: 'e1', source: 'start', sourceHandle: 'next', target: 'enable' },
      { id: 'e2', source: 'enable', sourceHandle: 'success', target: 'done' },
      { id: 'e3', source: 'enable', sourceHandle: 'failure', target: 'failed' },
      { id: 'e4', source: 'enable', sourceHandle: 'timeout', target: 'failed' },
    ],
  };
}

/** A test file's stack from the built apps, with a Temporal client of its own to inspect runs (close `connection` after). */
export async function startBuiltStackWithTemporal(options: RuntimeStackOptions = {}): Promise<{ stack: RuntimeStack; temporal: Client; connection: Connection }> {
  assertBuilt();
  const stack = await startRuntimeStack(options);
  const connection = await Connection.connect({ address: stack.temporal.address });
  return { stack, temporal: new Client({ connection, namespace: stack.temporal.namespace }), connection };
}
