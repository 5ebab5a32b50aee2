import { describe, expect, it } from 'vitest';
import { parseCron } from './cron';
import { MaintenanceWindow, maintenanceWindowEnd } from './maintenance-window';

const at = (iso: string) => Date.parse(iso);

describe('parseCron', () => {
  it('names the field that does not parse', () => {
    expect(parseCron('0 25 * * *')).toEqual({ ok: false, error: 'hour "25": must be within 0-23' });
    expect(parseCron('0 2 * *')).toMatchObject({ ok: false, error: expect.stringContaining('needs 5 fields') });
    expect(parseCron('0 2 * JAN *')).toMatchObject({ ok: false, error: expect.stringMatching(/^month "JAN"/) });
  });

  it('reads ranges, steps and lists', () => {
    const parsed = parseCron('*/20 1-3 1,15 * 7');
    expect(parsed.ok && [...parsed.spec.minutes]).toEqual([0, 20, 40]);
    expect(parsed.ok && [...parsed.spec.hours]).toEqual([1, 2, 3]);
    expect(parsed.ok && [...parsed.spec.daysOfWeek]).toEqual([0]);
  });
});

describe('maintenanceWindowEnd', () => {
  const nightly = MaintenanceWindow.parse({ cron: '0 2 * * *', duration: '2h' });

  it('is the close of the window open now', () => {
    expect(maintenanceWindowEnd([nightly], at('2026-03-10T03:15:00Z'))).toBe(at('2026-03-10T04:00:00Z'));
    expect(maintenanceWindowEnd([nightly], at('2026-03-10T02:00:00Z'))).toBe(at('2026-03-10T04:00:00Z'));
  });

  it('is undefined outside every window, including the instant it closes', () => {
    expect(maintenanceWindowEnd([nightly], at('2026-03-10T04:00:00Z'))).toBeUndefined();
    expect(maintenanceWindowEnd([nightly], at('2026-03-10T01:59:59Z'))).toBeUndefined();
  });

  it('reads the cron in the window time zone (London is UTC+1 in summer)', () => {
    const london = MaintenanceWindow.parse({ cron: '0 2 * * *', duration: '30m', timeZone: 'Europe/London' });
    expect(maintenanceWindowEnd([london], at('2026-07-01T01:10:00Z'))).toBe(at('2026-07-01T01:30:00Z'));
    expect(maintenanceWindowEnd([london], at('2026-07-01T02:10:00Z'))).toBeUndefined();
  });

  it('takes the latest close when windows overlap, and matches either restricted day field', () => {
    const sundays = MaintenanceWindow.parse({ cron: '30 2 1 * 0', duration: '3h' });
    // 2026-03-08 is a Sunday (not the 1st): the day-of-week alone opens the window.
    expect(maintenanceWindowEnd([nightly, sundays], at('2026-03-08T03:00:00Z'))).toBe(at('2026-03-08T05:30:00Z'));
    expect(maintenanceWindowEnd([nightly, sundays], at('2026-03-10T03:00:00Z'))).toBe(at('2026-03-10T04:00:00Z'));
  });
});

describe('MaintenanceWindow', () => {
  it('refuses a cron that does not parse, a window over a day and an unknown time zone, field by field', () => {
    const result = MaintenanceWindow.safeParse({ cron: '61 * * * *', duration: '2d', timeZone: 'Mars/Olympus' });
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((i) => [i.path.join('.'), i.message]);
    expect(paths).toEqual([
      ['cron', 'does not parse: minute "61": must be within 0-59'],
      ['duration', 'must be between 1s and 1d'],
      ['timeZone', 'must be an IANA time zone such as Europe/London or UTC'],
    ]);
  });
});
