// Child processes of the dev stack: labelled output, readiness checks and an orderly stop.
import { spawn } from 'node:child_process';
import readline from 'node:readline';
import { label } from '../lib/log.mjs';

/** Resolves with how the child ended (at once if it already has). */
export function exitOf(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    // A command that cannot be spawned at all (missing binary) emits 'error' and no 'exit'.
    child.once('error', (err) => resolve({ code: null, signal: err.code ?? 'spawn error' }));
  });
}

/** SIGTERM, then SIGKILL after the grace period; resolves once the child has exited. */
export async function stopChild(child, graceMs = 8000) {
  const exited = exitOf(child);
  if (child.exitCode !== null || child.signalCode !== null) return exited;
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  child.kill('SIGTERM');
  await exited;
  clearTimeout(timer);
}

/**
 * Starts a command whose output is prefixed with its name and resolves once `ready(child)` does.
 * If it never gets ready, the child is stopped and the error is thrown. `onLine` takes each output
 * line instead of the terminal (tests keep them for failure messages).
 * @returns {Promise<{ child: import('node:child_process').ChildProcess, exited: Promise<{ code: number | null, signal: string | null }>, stop: () => Promise<void> }>}
 */
export async function launchProcess(name, command, args, { cwd, env, ready, graceMs, onLine } = {}) {
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = label(name);
  const print = onLine ?? ((line) => process.stdout.write(prefix + line + '\n'));
  for (const stream of [child.stdout, child.stderr]) {
    readline.createInterface({ input: stream }).on('line', print);
  }
  const exited = exitOf(child);
  const stop = () => stopChild(child, graceMs);
  try {
    await ready?.(child);
  } catch (err) {
    await stop();
    throw err;
  }
  return { child, exited, stop: async () => void (await stop()) };
}

/** Polls an HTTP URL until `accept(status, body)` says yes, or throws after the timeout. */
export async function waitForHttp(url, { timeoutMs = 60_000, accept = (status) => status === 200, what = url, child } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (child && (child.exitCode !== null || child.signalCode !== null)) throw new Error(`${what} exited (${child.signalCode ?? `code ${child.exitCode}`}) before it was ready`);
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
    const streams = [child.stdout, child.stderr];
    const check = (chunk) => chunk.toString().split('\n').some((line) => pattern.test(line)) && done(resolve);
    const done = (settle) => {
      clearTimeout(timer);
      for (const s of streams) s.off('data', check);
      settle();
    };
    const timer = setTimeout(() => done(() => reject(new Error(`${what} did not report ready within ${timeoutMs / 1000} s`))), timeoutMs);
    for (const s of streams) s.on('data', check);
    void exitOf(child).then(({ code, signal }) => done(() => reject(new Error(`${what} exited (${signal ?? `code ${code}`}) before it was ready`))));
  });
}
