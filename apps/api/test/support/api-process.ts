import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { createTestDatabase, freePort, repoRoot } from '@signalbox/tools/infra';
import { waitFor } from '@signalbox/tools/wait';

export interface RunningApi {
  url: string;
  databaseUrl: string;
  adminKey: string;
  secretKey: string;
  /** Output of the process so far, for failure messages. */
  output(): string;
  /** Kills the process with the signal and resolves once it has exited (stop() then only drops the database). */
  kill(signal: NodeJS.Signals): Promise<void>;
  stop(): Promise<void>;
}

export interface StartOptions {
  env?: Record<string, string>;
  /** Use this database instead of a fresh one (it is then not dropped by stop()). */
  databaseUrl?: string;
}

const adminKey = () => `sbx_${randomBytes(6).toString('hex')}_${randomBytes(24).toString('base64url')}`;

/** Starts the built API (apps/api/dist/main.js) on a free port against a fresh database. */
export async function startApi(options: StartOptions = {}): Promise<RunningApi> {
  const db = options.databaseUrl ? undefined : await createTestDatabase();
  const databaseUrl = options.databaseUrl ?? db!.url;
  const port = await freePort();
  const secretKey = randomBytes(32).toString('base64');
  const key = adminKey();
  const child = spawn(process.execPath, [path.join(repoRoot(), 'apps/api/dist/main.js')], {
    env: {
      PATH: process.env.PATH ?? '',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      DATABASE_POOL_SIZE: '4',
      SIGNALBOX_SECRET_KEY: secretKey,
      SIGNALBOX_ADMIN_KEY: key,
      // Catalog tests do not need Temporal: health then answers 503 with the database up.
      TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:9',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await stopProcess(child);
    await db?.drop();
  };
  try {
    await waitForHealth(url, child, () => output);
  } catch (err) {
    await stop();
    throw err;
  }
  const kill = async (signal: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    await exited;
  };
  return { url, databaseUrl, adminKey: key, secretKey, output: () => output, kill, stop };
}

async function waitForHealth(url: string, child: ChildProcess, output: () => string): Promise<void> {
  try {
    await waitFor(
      async () => {
        const res = await fetch(`${url}/api/health`);
        const body = (await res.json()) as { checks?: { database?: { status?: string } } };
        return body.checks?.database?.status === 'up';
      },
      { timeout: 120_000, interval: 200, message: 'the API to report its database up', failIf: () => (child.exitCode === null ? undefined : `the API exited with code ${child.exitCode}`) },
    );
  } catch (err) {
    throw new Error(`${(err as Error).message}:\n${output()}`);
  }
}

export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/** Runs a process to completion and returns its exit code and output. */
export function runToExit(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout?.on('data', (d) => (output += d));
    child.stderr?.on('data', (d) => (output += d));
    child.on('exit', (code) => resolve({ code, output }));
  });
}
