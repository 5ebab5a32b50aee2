import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { expect } from 'vitest';
import type { RunningApi } from './api-process';

// The poller runs on a thread of its own: the test's own work (sending or reading megabytes,
// parsing the answer) must not delay the polling and be blamed on the API.
const POLLER = `
const { parentPort, workerData } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
let running = true;
let samples = 0;
let slowestMs = 0;
// Runnable threads on the machine (Linux /proc/stat), sampled between answers: the load while the
// work runs, which the 1-minute load average only shows a minute later.
let runnableSum = 0;
let runnableSamples = 0;
let lastRunnableAt = 0;
function sampleRunnable() {
  try {
    const match = /^procs_running (\\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'));
    // This thread is running while it reads: it does not count.
    if (match) { runnableSum += Math.max(0, Number(match[1]) - 1); runnableSamples += 1; }
  } catch {}
}
parentPort.on('message', () => { running = false; });
(async () => {
  try {
    while (running && samples < workerData.count) {
      const started = performance.now();
      const res = await fetch(workerData.url);
      await res.arrayBuffer();
      const now = performance.now();
      slowestMs = Math.max(slowestMs, now - started);
      samples += 1;
      if (now - lastRunnableAt >= 25) { lastRunnableAt = now; sampleRunnable(); }
    }
    parentPort.postMessage({ samples, slowestMs, runnable: runnableSamples ? runnableSum / runnableSamples : undefined });
  } catch (err) {
    parentPort.postMessage({ samples, slowestMs, error: String(err && err.message || err) });
  }
})();
`;

/**
 * Polls /api/health back to back while something else runs, recording how long each answer took:
 * the proof that a heavy request did not stall the event loop. With `count`, stops by itself after
 * that many answers (`stop()` then waits for them).
 */
export function watchHealth(baseUrl: string, count = Infinity): { stop(): Promise<{ samples: number; slowestMs: number; runnable?: number }> } {
  const worker = new Worker(POLLER, { eval: true, workerData: { url: `${baseUrl}/api/health`, count } });
  const result = new Promise<{ samples: number; slowestMs: number; runnable?: number; error?: string }>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the health poller stopped (exit ${code}) before answering`)));
  });
  return {
    async stop() {
      worker.postMessage('stop');
      try {
        const { samples, slowestMs, runnable, error } = await result;
        if (error) throw new Error(`polling /api/health failed: ${error}`);
        return { samples, slowestMs: Math.round(slowestMs), ...(runnable === undefined ? {} : { runnable }) };
      } finally {
        await worker.terminate();
      }
    },
  };
}

/**
 * How many runnable processes there are per core right now (1 on an idle or merely full machine).
 * On a machine with more runnable work than cores, every process — the API included — gets the CPU
 * for only that share of the time, so any latency stretches by about this factor whatever the API does.
 */
function oversubscription(runnable?: number): number {
  return Math.max(1, (runnable ?? os.loadavg()[0]) / os.availableParallelism());
}

/** The API's largest event-loop delay since the last scrape (prom-client resets it when it collects), in ms. */
async function eventLoopLagMaxMs(api: Pick<RunningApi, 'url' | 'adminKey'>): Promise<number> {
  const res = await fetch(`${api.url}/metrics`, { headers: { authorization: `Bearer ${api.adminKey}` } });
  const text = await res.text();
  const line = /^signalbox_api_nodejs_eventloop_lag_max_seconds (\S+)$/m.exec(text);
  if (!res.ok || !line) throw new Error(`GET /metrics (${res.status}) has no signalbox_api_nodejs_eventloop_lag_max_seconds`);
  return Number(line[1]) * 1000;
}

/**
 * Runs `work` while the API is watched, then asserts its event loop was never blocked: the API's
 * own largest event-loop delay over the work (prom-client's, read from /metrics before and after)
 * under 200 ms, and every /api/health answer, polled back to back, within max(1 s, 4 × the slowest
 * of 20 answers measured just before). Nothing is allowed for the work itself: bodies of megabytes
 * are parsed, and expressions evaluated, on the evaluation threads, never on the event loop.
 *
 * The event-loop delay is the measure: health also waits on PostgreSQL and Temporal, which a busy
 * 2-core machine (the evaluation thread doing the work is one core) slows by a few hundred ms now
 * and then while the API's loop is free; health's own bound is only there to catch an API that
 * stops answering. On an oversubscribed machine (more runnable threads than cores, e.g. the suite
 * beside other builds) both budgets stretch by the load per core: the 1-minute load average before
 * and after the work, or the runnable threads sampled while it ran (Linux) when that is more — the
 * average lags a burst by a minute. A blocked event loop still fails: before the evaluation
 * threads, one validate stalled health for 31 s (114 s under load).
 */
export async function withHealthWatched<T>(api: Pick<RunningApi, 'url' | 'adminKey'>, work: () => Promise<T>, { budgetMs = 200 }: { budgetMs?: number } = {}): Promise<T> {
  const baseline = await watchHealth(api.url, 20).stop();
  const loadBefore = oversubscription();
  await eventLoopLagMaxMs(api);
  const health = watchHealth(api.url);
  try {
    return await work();
  } finally {
    const { samples, slowestMs, runnable } = await health.stop();
    const lagMs = Math.round(await eventLoopLagMaxMs(api));
    const load = Math.max(loadBefore, oversubscription(), oversubscription(runnable));
    const lagBudget = budgetMs * load;
    const healthBudget = Math.max(1000, 4 * baseline.slowestMs) * load;
    // SIGNALBOX_HEALTH_WATCH_REPORT=1 prints each watch's figures (docs/testing.md quotes them).
    if (process.env.SIGNALBOX_HEALTH_WATCH_REPORT === '1') {
      console.log(
        `health watch: event-loop delay max ${lagMs} ms (budget ${Math.round(lagBudget)}); slowest health ${slowestMs} ms of ${samples} answers (budget ${Math.round(healthBudget)}); ` +
          `idle ${baseline.slowestMs} ms; runnable threads while working ${runnable?.toFixed(1) ?? 'unknown'}; load per core ×${load.toFixed(1)}`,
      );
    }
    expect(samples).toBeGreaterThan(0);
    expect(lagMs, `the API's event loop was blocked for ${lagMs} ms (budget ${Math.round(lagBudget)} ms; load per core ×${load.toFixed(1)})`).toBeLessThan(lagBudget);
    expect(
      slowestMs,
      `the slowest of ${samples} health answers (budget ${Math.round(healthBudget)} ms; idle: ${baseline.slowestMs} ms; load per core ×${load.toFixed(1)})`,
    ).toBeLessThan(healthBudget);
  }
}
