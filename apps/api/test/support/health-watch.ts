/**
 * Polls /api/health back to back while something else runs, recording how long each answer took:
 * the proof that a heavy request did not stall the event loop. With `count`, stops by itself after
 * that many answers (`stop()` then waits for them).
 */
export function watchHealth(baseUrl: string, count = Infinity): { stop(): Promise<{ samples: number; slowestMs: number }> } {
  let running = true;
  let samples = 0;
  let slowestMs = 0;
  const loop = (async () => {
    while (running && samples < count) {
      const started = performance.now();
      const res = await fetch(`${baseUrl}/api/health`);
      await res.arrayBuffer();
      slowestMs = Math.max(slowestMs, performance.now() - started);
      samples += 1;
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { samples, slowestMs: Math.round(slowestMs) };
    },
  };
}
