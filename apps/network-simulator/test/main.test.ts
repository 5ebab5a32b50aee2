import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { request } from './helpers';

const MAIN = path.resolve(__dirname, '../dist/main.js');
const READY = /^network-simulator listening on (http:\/\/127\.0\.0\.1:(\d+)) \(tcp (\d+), smtp (\d+)\)$/;
const children: ChildProcess[] = [];

function run(env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, [MAIN], {
    env: { ...process.env, SIMULATOR_PORT: '0', SIMULATOR_TCP_PORT: '0', SIMULATOR_SMTP_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return child;
}

function collect(child: ChildProcess) {
  const out = { stdout: '', stderr: '' };
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (out.stdout += c));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (out.stderr += c));
  return out;
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

function firstLine(child: ChildProcess, out: { stdout: string; stderr: string }): Promise<string> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const newline = out.stdout.indexOf('\n');
      if (newline >= 0) resolve(out.stdout.slice(0, newline));
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => reject(new Error(`exited with ${code} before it was ready: ${out.stderr}`)));
  });
}

beforeAll(() => {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run "npm run build -w apps/network-simulator" first`);
});

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

describe('the built simulator process', () => {
  it('prints one ready line with its ports, serves, and stops cleanly on SIGTERM', async () => {
    const child = run({});
    const out = collect(child);
    const line = await firstLine(child, out);
    const match = READY.exec(line);
    expect(match, line).not.toBeNull();
    const [, url, port, tcp, smtp] = match!;
    expect(new Set([port, tcp, smtp]).size).toBe(3);
    expect((await request(`${url}/health`)).body).toEqual({ status: 'ok' });
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
    expect(out.stdout.trim().split('\n')).toEqual([line]);
    expect(out.stderr).toBe('');
  });

  it('exits 1 with a clear message when its port is in use', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const child = run({ SIMULATOR_TCP_PORT: String(port) });
      const out = collect(child);
      expect(await exited(child)).toBe(1);
      expect(out.stderr.trim()).toBe(`network-simulator: port ${port} is in use: set SIMULATOR_TCP_PORT to a free port`);
      expect(out.stdout).toBe('');
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('exits 1 naming every bad setting', async () => {
    const child = run({ SIMULATOR_PORT: 'http', SIMULATOR_SMTP_PORT: '70000' });
    const out = collect(child);
    expect(await exited(child)).toBe(1);
    expect(out.stderr).toContain('SIMULATOR_PORT must be a port number from 0 to 65535 (0 = any free port), got "http"');
    expect(out.stderr).toContain('SIMULATOR_SMTP_PORT must be a port number from 0 to 65535 (0 = any free port), got "70000"');
    expect(out.stderr).not.toMatch(/\n\s+at /);
  });
});
