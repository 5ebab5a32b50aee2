import { describe, expect, it } from 'vitest';
import { Supervisor } from './supervisor.mjs';

/** A stand-in service whose runs end when the test says so; records when each run started. */
function fakeService({ failStarts = 0 } = {}) {
  const runs = [];
  let failuresLeft = failStarts;
  return {
    runs,
    launch: async () => {
      if (failuresLeft-- > 0) throw new Error('not ready');
      let crash;
      const exited = new Promise((resolve) => (crash = resolve));
      const run = { at: Date.now(), stopped: false, crash: () => crash({ code: 1, signal: null }) };
      runs.push(run);
      return {
        exited,
        stop: async () => {
          run.stopped = true;
          crash({ code: 0, signal: null });
        },
      };
    },
  };
}

async function until(what, condition, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((r) => setImmediate(r));
  }
}

describe('Supervisor', () => {
  it('restarts a crashed service with a doubling delay, and leaves the others alone', async () => {
    const messages = [];
    const supervisor = new Supervisor({ initialDelayMs: 40, maxDelayMs: 1000, stableAfterMs: 60_000, log: (m) => messages.push(m) });
    const worker = fakeService();
    const api = fakeService();
    await supervisor.add('api', api.launch);
    await supervisor.add('worker', worker.launch);

    for (let crash = 1; crash <= 3; crash++) {
      worker.runs.at(-1).crash();
      await until(`restart ${crash}`, () => worker.runs.length === crash + 1);
    }
    const gaps = worker.runs.slice(1).map((run, i) => run.at - worker.runs[i].at);
    // 40, 80, 160 ms: each gap at least its delay. Node's timers run on a millisecond-rounded loop
    // clock, so a timer may fire up to a millisecond before Date.now() says its delay is over.
    expect(gaps[0]).toBeGreaterThanOrEqual(40 - 2);
    expect(gaps[1]).toBeGreaterThanOrEqual(80 - 2);
    expect(gaps[2]).toBeGreaterThanOrEqual(160 - 2);
    expect(api.runs).toHaveLength(1);
    expect(messages.filter((m) => m.startsWith('worker stopped unexpectedly'))).toHaveLength(3);
    expect(messages).toContain('worker is back (restart 3)');
    await supervisor.stopAll();
  });

  it('keeps trying when a restart fails, and resets the delay once a service stayed up', async () => {
    const supervisor = new Supervisor({ initialDelayMs: 20, maxDelayMs: 1000, stableAfterMs: 0 });
    const flaky = fakeService();
    await supervisor.add('flaky', flaky.launch);
    const failing = fakeService({ failStarts: 0 });
    await supervisor.add('other', failing.launch);

    let failures = 2;
    const launch = flaky.launch;
    supervisor.services[0].launch = async () => (failures-- > 0 ? Promise.reject(new Error('port busy')) : launch());
    flaky.runs[0].crash();
    await until('a start after two failed ones', () => flaky.runs.length === 2);
    // Up "long enough" (stableAfterMs 0): the next crash waits the first delay again.
    expect(supervisor.services[0].delayMs).toBe(160);
    flaky.runs[1].crash();
    await until('the next restart', () => flaky.runs.length === 3);
    expect(supervisor.services[0].delayMs).toBe(40);
    await supervisor.stopAll();
  });

  it('stops every service, the last started first, and restarts nothing after that', async () => {
    const order = [];
    const warnings = [];
    // A long backoff: stopping must not wait for it.
    const supervisor = new Supervisor({ initialDelayMs: 60_000, warn: (m) => warnings.push(m) });
    const services = ['db', 'api', 'worker'].map((name) => {
      const service = fakeService();
      return { name, service };
    });
    for (const { name, service } of services) {
      await supervisor.add(name, async () => {
        const running = await service.launch();
        return { exited: running.exited, stop: async () => (order.push(name), running.stop()) };
      });
    }
    const db = services[0].service;
    db.runs[0].crash();
    await until('the crash to be noticed', () => warnings.some((m) => m.startsWith('db stopped unexpectedly')));
    await supervisor.stopAll();
    expect(order).toEqual(['worker', 'api']);
    expect(db.runs).toHaveLength(1);
    expect(services.slice(1).every(({ service }) => service.runs.every((r) => r.stopped))).toBe(true);
  });
  it('kills and restarts a service that stops answering its liveness check, and leaves an answering one alone', async () => {
    const warnings = [];
    const supervisor = new Supervisor({ initialDelayMs: 10, livenessIntervalMs: 15, livenessFailures: 3, warn: (m) => warnings.push(m) });
    const checks = { hung: 0, fine: 0 };
    let hung = false;
    const withLiveness = (name, service, answers) => async () => {
      const running = await service.launch();
      const run = service.runs.at(-1);
      return {
        ...running,
        alive: async () => (checks[name]++, answers()),
        kill: () => ((run.killed = true), run.crash()),
      };
    };
    const api = fakeService();
    const worker = fakeService();
    await supervisor.add('api', withLiveness('hung', api, () => !hung));
    await supervisor.add('worker', withLiveness('fine', worker, () => true));

    await until('a few answered checks', () => checks.hung >= 3);
    expect(api.runs).toHaveLength(1);
    hung = true;
    const before = checks.hung;
    await until('the hung API to be killed and started again', () => api.runs.length === 2);
    // Exactly the configured number of unanswered checks, in a row, before the kill.
    expect(checks.hung - before).toBe(3);
    expect(api.runs[0].killed).toBe(true);
    expect(warnings.filter((m) => m.startsWith('api stopped answering (3 checks in a row'))).toHaveLength(1);
    expect(worker.runs).toHaveLength(1);
    expect(worker.runs[0].killed).toBeUndefined();

    // The new run is watched too.
    hung = false;
    const afterRestart = checks.hung;
    await until('checks of the new run', () => checks.hung >= afterRestart + 2);
    expect(api.runs).toHaveLength(2);
    await supervisor.stopAll();
    expect(api.runs[1].stopped).toBe(true);
  });
});
