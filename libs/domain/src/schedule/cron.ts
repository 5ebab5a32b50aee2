/**
 * Five-field cron (minute hour day-of-month month day-of-week), numbers only: `*`, `a`, `a-b`,
 * steps (`*\/15`, `a-b/n`) and lists (`1,15`). Day-of-week 0 and 7 are Sunday. As in classic cron,
 * when both day fields are restricted a day matching either one matches.
 */
export interface CronSpec {
  minutes: ReadonlySet<number>;
  hours: ReadonlySet<number>;
  daysOfMonth: ReadonlySet<number>;
  months: ReadonlySet<number>;
  daysOfWeek: ReadonlySet<number>;
  anyDayOfMonth: boolean;
  anyDayOfWeek: boolean;
}

const FIELDS = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12 },
  { name: 'day of week', min: 0, max: 7 },
] as const;

/** The parsed expression, or the reason it does not parse (naming the field). */
export function parseCron(expression: string): { ok: true; spec: CronSpec } | { ok: false; error: string } {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5) return { ok: false, error: `needs 5 fields (minute hour day-of-month month day-of-week), found ${parts.length}` };
  const sets: Set<number>[] = [];
  for (let i = 0; i < 5; i++) {
    const parsed = parseField(parts[i], FIELDS[i].min, FIELDS[i].max);
    if (typeof parsed === 'string') return { ok: false, error: `${FIELDS[i].name} "${parts[i]}": ${parsed}` };
    sets.push(parsed);
  }
  const daysOfWeek = new Set([...sets[4]].map((d) => (d === 7 ? 0 : d)));
  return {
    ok: true,
    spec: { minutes: sets[0], hours: sets[1], daysOfMonth: sets[2], months: sets[3], daysOfWeek, anyDayOfMonth: parts[2] === '*', anyDayOfWeek: parts[4] === '*' },
  };
}

function parseField(text: string, min: number, max: number): Set<number> | string {
  const values = new Set<number>();
  for (const item of text.split(',')) {
    const m = /^(\*|(\d{1,2})(?:-(\d{1,2}))?)(?:\/(\d{1,2}))?$/.exec(item);
    if (!m) return 'use numbers, *, ranges a-b, steps /n and lists a,b';
    const from = m[1] === '*' ? min : Number(m[2]);
    const to = m[1] === '*' ? max : m[3] !== undefined ? Number(m[3]) : m[4] !== undefined ? max : from;
    const step = m[4] !== undefined ? Number(m[4]) : 1;
    if (from < min || to > max || from > to) return `must be within ${min}-${max}`;
    if (step < 1) return 'a step must be at least 1';
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return values;
}

/** Wall-clock fields of a minute, in the expression's time zone. */
export interface WallClock {
  minute: number;
  hour: number;
  day: number;
  month: number;
  weekday: number;
}

export function cronMatches(spec: CronSpec, t: WallClock): boolean {
  if (!spec.minutes.has(t.minute) || !spec.hours.has(t.hour) || !spec.months.has(t.month)) return false;
  const dom = spec.daysOfMonth.has(t.day);
  const dow = spec.daysOfWeek.has(t.weekday);
  if (spec.anyDayOfMonth || spec.anyDayOfWeek) return dom && dow;
  return dom || dow;
}
