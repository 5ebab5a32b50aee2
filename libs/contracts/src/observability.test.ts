import { describe, expect, it } from 'vitest';
import { eventCodeOfRunId, METRICS, redactForLog } from './observability';
import { ProbeDefinition, readingTrips } from './probes';

describe('METRICS', () => {
  it('names every metric once, in Prometheus form', () => {
    const names = Object.values(METRICS).map((m) => m.name);
    expect(new Set(names).size).toBe(names.length);
    for (const m of Object.values(METRICS)) {
      expect(m.name).toMatch(/^signalbox_[a-z_]+$/);
      if (m.type === 'counter') expect(m.name).toMatch(/_total$/);
    }
  });
});

describe('redactForLog', () => {
  it('hides values under secret-looking keys and API keys in text, keeps the rest', () => {
    const out = redactForLog({
      runId: 'run:SIM_SWAP:k1',
      auth: { type: 'basic', username: 'u', password: 'p4ss' },
      headers: { Authorization: 'Basic abc', 'x-api-key': 'k', accept: 'json' },
      hmacSecret: 's',
      note: 'used sbx_0123456789ab_supersecretvalue here',
    });
    expect(out).toEqual({
      runId: 'run:SIM_SWAP:k1',
      auth: { type: 'basic', username: 'u', password: '[redacted]' },
      headers: { Authorization: '[redacted]', 'x-api-key': '[redacted]', accept: 'json' },
      hmacSecret: '[redacted]',
      note: 'used sbx_0123456789ab_[redacted] here',
    });
  });

  it('bounds depth and size', () => {
    let deep: Record<string, unknown> = { v: 1 };
    for (let i = 0; i < 20; i++) deep = { deep };
    expect(JSON.stringify(redactForLog(deep))).toContain('[…]');
    expect((redactForLog('x'.repeat(10_000)) as string).length).toBe(4000);
  });

  it('reads the event code from a run id', () => {
    expect(eventCodeOfRunId('run:SIM_SWAP:abc:def')).toBe('SIM_SWAP');
    expect(eventCodeOfRunId('service:123')).toBeUndefined();
  });
});

describe('ProbeDefinition', () => {
  it('takes an error-rate probe on exactly one of event code or provider', () => {
    expect(ProbeDefinition.safeParse({ kind: 'error-rate', eventCode: 'SIM_SWAP', threshold: 0.2, windowMinutes: 15 }).success).toBe(true);
    const both = ProbeDefinition.safeParse({ kind: 'error-rate', eventCode: 'SIM_SWAP', provider: 'hss-main', threshold: 0.2, windowMinutes: 15 });
    expect(both.success).toBe(false);
    const neither = ProbeDefinition.safeParse({ kind: 'error-rate', threshold: 0.2, windowMinutes: 15 });
    expect(neither.error?.issues.map((i) => i.path.join('.'))).toEqual(['eventCode']);
  });

  it('refuses out-of-range thresholds, unknown fields and bad notify targets', () => {
    const parsed = ProbeDefinition.safeParse({ kind: 'stale-orders', olderThanMinutes: 0, threshold: -1, notify: 'not a target', extra: 1 });
    expect(parsed.error?.issues.map((i) => i.path.join('.') || i.code).sort()).toEqual(['notify', 'olderThanMinutes', 'threshold', 'unrecognized_keys']);
    expect(ProbeDefinition.safeParse({ kind: 'stale-orders', olderThanMinutes: 10, notify: 'https://hooks.example/ops' }).success).toBe(true);
  });

  it('trips an error-rate probe above its threshold once it has enough samples', () => {
    const probe = ProbeDefinition.parse({ kind: 'error-rate', provider: 'hss-main', threshold: 0.5, windowMinutes: 10, minSamples: 4 });
    expect(readingTrips(probe, 1, 3)).toBe(false);
    expect(readingTrips(probe, 0.5, 10)).toBe(false);
    expect(readingTrips(probe, 0.51, 10)).toBe(true);
    const stale = ProbeDefinition.parse({ kind: 'stale-orders', olderThanMinutes: 10 });
    expect(readingTrips(stale, 0)).toBe(false);
    expect(readingTrips(stale, 1)).toBe(true);
  });
});
