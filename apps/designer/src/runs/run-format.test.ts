import { describe, expect, it } from 'vitest';
import { formatTime, runDuration } from './run-format';

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
