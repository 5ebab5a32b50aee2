// Child processes with labelled output, readiness checks and an orderly shutdown.
import { spawn } from 'node:child_process';
import readline from 'node:readline';
import { label } from '../lib/log.mjs';

export class ProcessGroup {
  constructor() {
    this.children = [];
    this.stopping = false;
    this.onUnexpectedExit = () => {};
  }

  /** Starts a command whose output is prefixed with its name; resolves to the child. */
  start(name, command, args, { cwd, env, onLine } = {}) {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const prefix = label(name);
    for (const stream of [child.stdout, child.stderr]) {
      readline.createInterface({ input: stream }).on('line', (line) => {
        process.stdout.write(prefix + line + '\n');
        onLine?.(line);
      });
    }
    child.on('exit', (code, signal) => {
      if (!this.stopping) this.onUnexpectedExit(name, code, signal);
    });
    // A command that cannot be spawned at all (missing binary) must not crash the launcher and
    // orphan the processes already running.
    child.on('error', (err) => {
      process.stdout.write(prefix + `could not start: ${err.message}\n`);
      if (!this.stopping) this.onUnexpectedExit(name, null, err.code);
    });
    this.children.push({ name, child });
    return child;
  }

  /** Stops children in reverse start order: SIGTERM, then SIGKILL after a grace period. */
  async stopAll(graceMs = 8000) {
    this.stopping = true;
    for (const { child } of [...this.children].reverse()) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      await new Promise((resolve) => {
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      });
    }
  }
}

/** Polls an HTTP URL until `accept(status, body)` says yes, or throws after the timeout. */
export async function waitForHttp(url, { timeoutMs = 60_000, accept = (status) => status === 200, what = url, child } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`${what} exited (code ${child.exitCode}) before it was ready`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      const body = await res.text();
      if (accept(res.status, body)) return body;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = err.cause?.code ?? err.message;
    }
    await new Promise((r) => setTimeout(r, 400));
  }
  throw new Error(`${what} did not become ready at ${url} within ${timeoutMs / 1000} s (last: ${last})`);
}

/** Resolves when a child prints a line matching `pattern`. */
export function waitForLine(child, pattern, { timeoutMs = 60_000, what } = {}) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not report ready within ${timeoutMs / 1000} s`)), timeoutMs);
    const check = (chunk) => {
      if (pattern.test(chunk.toString())) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', check);
    child.stderr.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited (code ${code}) before it was ready`));
    });
  });
}
