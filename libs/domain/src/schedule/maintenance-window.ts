import { z } from 'zod';
import { Duration, parseDuration } from '../common/duration';
import { TimeZone } from '../common/time-zone';
import { cronMatches, parseCron, type CronSpec, type WallClock } from './cron';

/** Longest window: a day. Longer holds are an outage, not maintenance: set the provider inactive. */
export const MAX_WINDOW_MS = 86_400_000;

/** A recurring period when nothing may be sent to a provider: opens at each cron time, for `duration`. */
export const MaintenanceWindow = z.strictObject({
  cron: z
    .string()
    .trim()
    .max(200)
    .superRefine((text, ctx) => {
      const parsed = parseCron(text);
      if (!parsed.ok) ctx.addIssue({ code: 'custom', message: `does not parse: ${parsed.error}` });
    })
    .describe('When the window opens: minute hour day-of-month month day-of-week, e.g. 0 2 * * 0'),
  duration: Duration.refine(withinADay, { error: 'must be between 1s and 1d' }).describe('How long the window stays open, e.g. 2h'),
  timeZone: TimeZone.default('UTC').describe('Time zone of the cron times, e.g. Europe/London'),
});
export type MaintenanceWindow = z.infer<typeof MaintenanceWindow>;

const MINUTE = 60_000;

/** A malformed duration is Duration's issue to report, not this one's. */
function withinADay(text: string): boolean {
  try {
    const ms = parseDuration(text);
    return ms >= 1_000 && ms <= MAX_WINDOW_MS;
  } catch {
    return true;
  }
}

/**
 * When the latest of the open windows closes, or undefined when none is open at `nowMs`. Each
 * window is found by looking back minute by minute over its duration for a cron match.
 */
export function maintenanceWindowEnd(windows: readonly MaintenanceWindow[], nowMs: number): number | undefined {
  let end: number | undefined;
  for (const window of windows) {
    const parsed = parseCron(window.cron);
    if (!parsed.ok) continue;
    const closes = openWindowEnd(parsed.spec, window.timeZone, parseDuration(window.duration), nowMs);
    if (closes !== undefined && (end === undefined || closes > end)) end = closes;
  }
  return end;
}

function openWindowEnd(spec: CronSpec, timeZone: string, durationMs: number, nowMs: number): number | undefined {
  const clock = wallClock(timeZone);
  for (let start = Math.floor(nowMs / MINUTE) * MINUTE; start > nowMs - durationMs; start -= MINUTE) {
    if (cronMatches(spec, clock(start))) return start + durationMs;
  }
  return undefined;
}

/** Reads a UTC instant as wall-clock fields in a time zone (Intl; no time-zone library needed). */
function wallClock(timeZone: string): (ms: number) => WallClock {
  if (timeZone === 'UTC') {
    return (ms) => {
      const d = new Date(ms);
      return { minute: d.getUTCMinutes(), hour: d.getUTCHours(), day: d.getUTCDate(), month: d.getUTCMonth() + 1, weekday: d.getUTCDay() };
    };
  }
  const format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', minute: 'numeric', hour: 'numeric', day: 'numeric', month: 'numeric', weekday: 'short' });
  const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  return (ms) => {
    const parts = Object.fromEntries(format.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
    return { minute: Number(parts.minute), hour: Number(parts.hour), day: Number(parts.day), month: Number(parts.month), weekday: WEEKDAYS.indexOf(parts.weekday) };
  };
}
