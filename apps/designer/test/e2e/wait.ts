import { setTimeout as delay } from 'node:timers/promises';

/**
 * Polls `check` until it returns something other than `undefined`/`false`, or fails with `what`
 * once `timeoutMs` have passed. `check` may throw to give up early (a process that exited).
 */
export async function waitUntil<T>(what: string, check: () => T | false | undefined | Promise<T | false | undefined>, { timeoutMs = 90_000, everyMs = 200 } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not reached within ${timeoutMs / 1000} s`);
    await delay(everyMs);
  }
}
