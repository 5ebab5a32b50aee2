// The one way tests wait: poll an observable condition until it holds or a deadline passes.
// Tests never sleep a fixed time; a busy machine only makes this loop run longer.
import { setTimeout as delay } from 'node:timers/promises';

/**
 * Polls `condition` until it returns a value that is neither `undefined`, `null` nor `false`, and
 * returns that value. A condition that throws counts as "not yet"; its last error is reported when
 * the deadline passes. `failIf` stops the wait at once (e.g. the process being waited for exited).
 *
 * @template T
 * @param {() => T | Promise<T>} condition
 * @param {{ timeout?: number, interval?: number, message?: string, failIf?: () => string | undefined }} [options]
 * @returns {Promise<Exclude<T, undefined | null | false>>}
 */
export async function waitFor(condition, { timeout = 30_000, interval = 100, message = 'the condition', failIf } = {}) {
  const deadline = Date.now() + timeout;
  let lastError;
  for (;;) {
    const stop = failIf?.();
    if (stop) throw new Error(`gave up waiting for ${message}: ${stop}`);
    try {
      const value = await condition();
      if (value !== undefined && value !== null && value !== false) return value;
      lastError = undefined;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) {
      const cause = lastError instanceof Error ? `: ${lastError.message}` : lastError === undefined ? '' : `: ${String(lastError)}`;
      throw new Error(`${message} did not happen within ${timeout / 1000} s${cause}`, lastError === undefined ? undefined : { cause: lastError });
    }
    await delay(interval);
  }
}
