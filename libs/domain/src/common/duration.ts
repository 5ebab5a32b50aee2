import { z } from 'zod';

// Durations are written the way analysts say them: "20s", "5m", "1h30m", "2d", "500ms".
// "0" means "no limit" where a field documents it (confirmed-mode timeout).
const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const PART = /(\d+)(ms|s|m|h|d)/g;
const WHOLE = /^(?:\d+(?:ms|s|m|h|d))+$|^0$/;

export const Duration = z
  .string({ error: 'must be a duration such as 20s, 5m, 1h30m or 2d' })
  .regex(WHOLE, { error: 'must be a duration such as 20s, 5m, 1h30m or 2d (units: ms, s, m, h, d)' });
export type Duration = z.infer<typeof Duration>;

/** Milliseconds in a duration string; throws on a malformed one (validate with `Duration` first). */
export function parseDuration(text: string): number {
  if (!WHOLE.test(text)) throw new Error(`"${text}" is not a duration such as 20s, 5m, 1h30m or 2d`);
  if (text === '0') return 0;
  let total = 0;
  for (const [, amount, unit] of text.matchAll(PART)) total += Number(amount) * UNIT_MS[unit];
  return total;
}

/** The shortest duration string for a number of milliseconds (inverse of parseDuration). */
export function formatDuration(ms: number): string {
  if (ms <= 0) return '0';
  let rest = Math.round(ms);
  let out = '';
  for (const unit of ['d', 'h', 'm', 's', 'ms']) {
    const size = UNIT_MS[unit];
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * size;
    }
  }
  return out;
}
