import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { expect } from 'vitest';

// The poller runs on a thread of its own: the test's own work (sending or reading megabytes,
// parsing the answer) must not delay the polling and be blamed on the API.
const POLLER = `
const { parentPort, workerData } = require('node:worker_threads');
let running = true;
let samples = 0;
let slowestMs = 0;
parentPort.on('message', () => { running = false; });
(async () => {
  try {
    while (running && samples < workerData.count) {
      const started = performance.now();
      const res = await fetch(workerData.url);
      await res.arrayBuffer();
      slowestMs = Math.max(slowestMs, performance.now() - started);
      samples += 1;
    }
    parentPort.postMessage({ samples, slowestMs });
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
export function watchHealth(baseUrl: string, count = Infinity): { stop(): Promise<{ samples: number; slowestMs: number }> } {
  const worker = new Worker(POLLER, { eval: true, workerData: { url: `${baseUrl}/api/health`, count } });
  const result = new Promise<{ samples: number; slowestMs: number; error?: string }>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the health poller stopped (exit ${code}) before answering`)));
  });
  return {
    async stop() {
      worker.postMessage('stop');
      try {
        const { samples, slowestMs, error } = await result;
        if (error) throw new Error(`polling /api/health failed: ${error}`);
        return { samples, slowestMs: Math.round(slowestMs) };
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
function oversubscription(): number {
  return Math.max(1, os.loadavg()[0] / os.availableParallelism());
}

/**
 * Runs `work` while /api/health is polled, then asserts every answer came within 200 ms, or within
 * three times the slowest of 20 answers measured just before on the same machine when that is more
 * (health itself waits on PostgreSQL and Temporal, which a loaded machine slows down). Nothing is
 * allowed for the work itself: bodies of megabytes are parsed, and expressions evaluated, on the
 * evaluation threads, never on the event loop that answers health.
 *
 * On an oversubscribed machine (load average above the core count, e.g. the suite beside other
 * builds) the budget stretches by the load per core, measured before and after the work: the
 * scheduler, not the API, then decides how fast anything answers. A blocked event loop still fails:
 * before the evaluation threads, one validate stalled health for 31 s (114 s under load).
 */
export async function withHealthWatched<T>(baseUrl: string, work: () => Promise<T>, { budgetMs = 200 }: { budgetMs?: number } = {}): Promise<T> {
  const baseline = await watchHealth(baseUrl, 20).stop();
  const loadBefore = oversubscription();
  const health = watchHealth(baseUrl);
  try {
    return await work();
  } finally {
    const { samples, slowestMs } = await health.stop();
    const load = Math.max(loadBefore, oversubscription());
    const budget = Math.max(budgetMs, 3 * baseline.slowestMs) * load;
    // SIGNALBOX_HEALTH_WATCH_REPORT=1 prints each watch's figures (docs/testing.md quotes them).
    if (process.env.SIGNALBOX_HEALTH_WATCH_REPORT === '1') console.log(`health watch: slowest ${slowestMs} ms of ${samples} answers; idle ${baseline.slowestMs} ms; load per core ×${load.toFixed(1)}; budget ${Math.round(budget)} ms`);
    expect(samples).toBeGreaterThan(0);
    expect(
      slowestMs,
      `the slowest of ${samples} health answers (budget ${Math.round(budget)} ms; idle: ${baseline.slowestMs} ms; load per core ×${load.toFixed(1)})`,
    ).toBeLessThan(budget);
  }
}
