import { describe, expect, it } from 'vitest';
import { ProbeDefinition, type ProbeReading, type ProbeState, type ProbeStatus } from '@signalbox/contracts';
import { createLogger } from './json-logger';
import { ProbeMonitor, type ProbeNotice } from './probe-monitor';

/** A store keeping states in memory with the real store's rule: a change is reported to its maker only. */
function memoryStore(codes: string[]) {
  const states = new Map<string, ProbeState>(codes.map((c) => [c, 'unknown']));
  const errors = new Map<string, string>();
  const definition = ProbeDefinition.parse({ kind: 'stale-orders', olderThanMinutes: 5 });
  return {
    errors,
    state: (code: string) => states.get(code),
    async list(): Promise<ProbeStatus[]> {
      return codes.map((code) => ({ code, definition, state: states.get(code) ?? 'unknown', value: null, samples: null, changedAt: null, evaluatedAt: null, error: null }));
    },
    async record(code: string, reading: ProbeReading) {
      const from = states.get(code) ?? 'unknown';
      const to: ProbeState = reading.tripped ? 'tripped' : 'ok';
      states.set(code, to);
      return from === to ? undefined : { code, from, to };
    },
    async recordError(code: string, message: string) {
      errors.set(code, message);
    },
  };
}

describe('ProbeMonitor', () => {
  const quiet = createLogger({ format: 'json', level: 'error', write: () => undefined });

  it('notifies once when a probe trips and once when it clears, however often it is evaluated', async () => {
    const store = memoryStore(['stuck']);
    const values = [0, 2, 3, 4, 0, 0, 5];
    const notices: ProbeNotice[] = [];
    const monitor = new ProbeMonitor({
      store,
      read: async () => {
        const value = values.shift() ?? 0;
        return { value, tripped: value > 0 };
      },
      notify: async (notice) => void notices.push(notice),
      intervalMs: 60_000,
      log: quiet,
    });
    for (let i = 0; i < 7; i++) await monitor.evaluateAll();
    // ok (first reading: no notice), tripped, still tripped ×2, cleared, still ok, tripped again.
    expect(notices.map((n) => [n.state, n.value])).toEqual([
      ['tripped', 2],
      ['cleared', 0],
      ['tripped', 5],
    ]);
  });

  it('records an evaluation that fails without changing the state or notifying, and goes on with the other probes', async () => {
    const store = memoryStore(['broken', 'fine']);
    const notices: ProbeNotice[] = [];
    const evaluated: string[] = [];
    const monitor = new ProbeMonitor({
      store,
      read: async () => {
        if (evaluated.length === 0) {
          evaluated.push('x');
          throw new Error('visibility unavailable');
        }
        return { value: 1, tripped: true };
      },
      notify: async (notice) => void notices.push(notice),
      intervalMs: 60_000,
      log: quiet,
      onEvaluated: (probe, state) => evaluated.push(`${probe}:${state}`),
    });
    await monitor.evaluateAll();
    expect(store.errors.get('broken')).toBe('visibility unavailable');
    expect(store.state('broken')).toBe('unknown');
    expect(notices.map((n) => n.probe)).toEqual(['fine']);
    expect(evaluated).toEqual(['x', 'broken:error', 'fine:tripped']);
  });
});

describe('createLogger', () => {
  it('writes one JSON object per line with the fields, secrets redacted, below-level lines dropped', () => {
    const lines: string[] = [];
    const log = createLogger({ format: 'json', level: 'warn', write: (l) => lines.push(l) });
    log.info('dropped');
    log.warn('action step attempt failed', { runId: 'run:SIM_SWAP:k', serviceOrderId: 'o-1', eventCode: 'SIM_SWAP', auth: { password: 'p' } });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({ level: 'warn', msg: 'action step attempt failed', runId: 'run:SIM_SWAP:k', serviceOrderId: 'o-1', eventCode: 'SIM_SWAP', auth: { password: '[redacted]' } });
  });
});
