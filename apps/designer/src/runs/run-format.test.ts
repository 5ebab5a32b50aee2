import { describe, expect, it } from 'vitest';
import { exchangeSummary, formatTime, runDuration } from './run-format';

describe('runDuration', () => {
  it('shows how long a closed run took', () => {
    expect(runDuration({ status: 'Completed', startedAt: '2026-01-01T10:00:00Z', closedAt: '2026-01-01T10:00:01.500Z' })).toBe('1.5 s');
  });

  it('never counts a duration for a Scheduled run: it says when it starts, if known', () => {
    const startedAt = new Date(Date.now() - 3_600_000).toISOString();
    const startsAt = '2030-05-01T08:00:00Z';
    expect(runDuration({ status: 'Scheduled', startedAt, startsAt })).toBe(`starts at ${formatTime(startsAt)}`);
    expect(runDuration({ status: 'Scheduled', startedAt })).toBe('not started yet');
  });
});

describe('exchangeSummary', () => {
  const at = '2026-01-02T03:04:05.000Z';
  it('shows the HTTP status and latency the server records on a response', () => {
    const line = exchangeSummary({ seq: 2, direction: 'response', at, payload: {}, httpStatus: 503, latencyMs: 41, note: null });
    expect(line).toBe(`${formatTime(at)} · response · HTTP 503 · 41 ms`);
  });
  it('shows the note of a state change, which has no status', () => {
    const line = exchangeSummary({ seq: 3, direction: 'state-change', at, payload: null, httpStatus: null, latencyMs: null, note: 'PROCESSING → COMPLETED' });
    expect(line).toBe(`${formatTime(at)} · state-change · PROCESSING → COMPLETED`);
  });
});
