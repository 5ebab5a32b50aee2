import { z } from 'zod';

/**
 * Bounds on what a caller attaches to a raised event. A run carries its data in Temporal's
 * workflow input (2 MB per payload at most, together with the version snapshot), so data that
 * cannot fit is refused at intake with a clear problem, never found out when the start fails.
 */
export const EVENT_DATA_LIMITS = { maxBytes: 256 * 1024, maxDepth: 32 } as const;

/** Nesting depth of a JSON value (a scalar is 0); stops counting past `limit`. */
function depthOf(value: unknown, limit: number): number {
  let deepest = 0;
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  while (stack.length) {
    const { value: current, depth } = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth + 1 > deepest) deepest = depth + 1;
    if (deepest > limit) return deepest;
    for (const child of Object.values(current)) stack.push({ value: child, depth: depth + 1 });
  }
  return deepest;
}

/** UTF-8 size of a string without allocating it (the domain runs in browsers and the workflow sandbox too). */
function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** Free-form event data: a JSON object of at most 256 kB and 32 levels. */
export const EventData = z
  .record(z.string(), z.unknown())
  .superRefine((data, ctx) => {
    if (depthOf(data, EVENT_DATA_LIMITS.maxDepth) > EVENT_DATA_LIMITS.maxDepth) {
      ctx.addIssue({ code: 'custom', message: `nests more than ${EVENT_DATA_LIMITS.maxDepth} levels deep: flatten it` });
      return;
    }
    const bytes = utf8Length(JSON.stringify(data));
    if (bytes > EVENT_DATA_LIMITS.maxBytes) {
      ctx.addIssue({ code: 'custom', message: `is ${Math.ceil(bytes / 1024)} kB as JSON; at most ${EVENT_DATA_LIMITS.maxBytes / 1024} kB: send a reference instead of the document` });
    }
  });
export type EventData = z.infer<typeof EventData>;
