// Keeps the dev stack's services running: one that stops unexpectedly is started again after a
// backoff (1 s, 2 s, 4 s … capped), reset once it has stayed up a while, and the others keep running.
// A service that says how to ask whether it is alive (`alive`) and is still running but stops
// answering that many checks in a row is killed, and so restarted like one that crashed: a process
// that keeps its port open and answers nothing is worse than one that exits.

/**
 * @typedef {{ exited: Promise<{ code: number | null, signal: string | null }>, stop: () => Promise<void>,
 *   alive?: () => Promise<boolean>, kill?: () => void }} Running
 * @typedef {{ name: string, launch: () => Promise<Running>, running?: Running, startedAt: number, delayMs: number, restarts: number, launching?: Promise<Running> }} Service
 */
export class Supervisor {
  /**
   * @param {{ initialDelayMs?: number, maxDelayMs?: number, stableAfterMs?: number,
   *   livenessIntervalMs?: number, livenessFailures?: number,
   *   log?: (message: string) => void, warn?: (message: string) => void }} [options]
   */
  constructor({ initialDelayMs = 1000, maxDelayMs = 30_000, stableAfterMs = 60_000, livenessIntervalMs = 10_000, livenessFailures = 3, log = () => {}, warn = log } = {}) {
    Object.assign(this, { initialDelayMs, maxDelayMs, stableAfterMs, livenessIntervalMs, livenessFailures, log, warn });
    /** @type {Service[]} */
    this.services = [];
    this.stopping = false;
    this.wakeUp = new AbortController();
    /** First starts in progress: stopAll waits for them, so nothing they start is left behind. */
    this.adding = new Set();
  }

  /**
   * Starts a service (`launch` resolves once it is ready) and watches it from then on. A failure
   * of this first start is thrown: the stack is not up yet, so there is nothing to keep.
   */
  async add(name, launch) {
    if (this.stopping) throw new Error(`not starting ${name}: the stack is stopping`);
    const starting = launch();
    this.adding.add(starting);
    let running;
    try {
      running = await starting;
    } finally {
      this.adding.delete(starting);
    }
    const service = { name, launch, running, startedAt: Date.now(), delayMs: this.initialDelayMs, restarts: 0 };
    this.services.push(service);
    if (!this.stopping) void this.keepAlive(service);
  }

  async keepAlive(service) {
    while (!this.stopping) {
      void this.watchLiveness(service, service.running);
      const { code, signal } = await service.running.exited;
      if (this.stopping) return;
      service.running = undefined;
      if (Date.now() - service.startedAt >= this.stableAfterMs) service.delayMs = this.initialDelayMs;
      this.warn(`${service.name} stopped unexpectedly (${signal ?? `exit code ${code}`}); restarting it in ${service.delayMs / 1000} s`);
      while (!service.running) {
        await this.pause(service.delayMs);
        service.delayMs = Math.min(service.delayMs * 2, this.maxDelayMs);
        if (this.stopping) return;
        try {
          service.launching = service.launch();
          service.running = await service.launching;
        } catch (err) {
          if (this.stopping) return;
          this.warn(`${service.name} did not start again (${err.message}); next try in ${service.delayMs / 1000} s`);
        }
      }
      service.startedAt = Date.now();
      service.restarts += 1;
      if (this.stopping) return;
      this.log(`${service.name} is back (restart ${service.restarts})`);
    }
  }

  /** Checks `running` every interval while it is the service's current run; kills it once it stops answering. */
  async watchLiveness(service, running) {
    if (!running.alive || !running.kill) return;
    let exited = false;
    void running.exited.then(() => (exited = true));
    let failures = 0;
    while (!this.stopping && !exited && service.running === running) {
      await this.pause(this.livenessIntervalMs);
      if (this.stopping || exited || service.running !== running) return;
      const ok = await running.alive().catch(() => false);
      failures = ok ? 0 : failures + 1;
      if (failures >= this.livenessFailures && !exited && !this.stopping) {
        this.warn(`${service.name} stopped answering (${failures} checks in a row, ${this.livenessIntervalMs / 1000} s apart); killing it to restart it`);
        running.kill();
        return;
      }
    }
  }

  /** Waits `ms`, or less when the stack stops. Leaves no listener behind (liveness pauses run for hours). */
  pause(ms) {
    return new Promise((resolve) => {
      const { signal } = this.wakeUp;
      if (signal.aborted) return resolve();
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done);
    });
  }

  /** Stops every service, the last started first; no restarts from here on. */
  async stopAll() {
    this.stopping = true;
    this.wakeUp.abort();
    // Starts in progress finish first, so what they started is stopped below too.
    await Promise.all([...this.adding, ...this.services.map((s) => s.launching)].map((p) => p?.catch(() => {})));
    for (const service of [...this.services].reverse()) await service.running?.stop();
  }
}
