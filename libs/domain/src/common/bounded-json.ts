import { z } from 'zod';

/** How large a free-form JSON object may be, and what to tell the sender who went over. */
export interface JsonBounds {
  /** UTF-8 size of its JSON text. */
  maxBytes: number;
  /** Nesting levels (the object itself is 1). */
  maxDepth: number;
  /** Appended to the size problem: what to send instead. */
  hint: string;
}

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

/**
 * A free-form JSON object bounded in depth (checked first, without recursing) and in size, so that
 * what a caller sends is refused with a clear problem instead of failing later, further away.
 */
export function boundedJsonObject(bounds: JsonBounds) {
  return z.record(z.string(), z.unknown()).superRefine((value, ctx) => {
    const problem = jsonBoundsProblem(value, bounds);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
}

/** What is wrong with a JSON value's depth or size (depth first, without recursing), or undefined. */
export function jsonBoundsProblem(value: unknown, bounds: JsonBounds): string | undefined {
  if (depthOf(value, bounds.maxDepth) > bounds.maxDepth) return `nests more than ${bounds.maxDepth} levels deep: flatten it`;
  const bytes = utf8Length(JSON.stringify(value) ?? '');
  if (bytes > bounds.maxBytes) return `is ${Math.ceil(bytes / 1024)} kB as JSON; at most ${bounds.maxBytes / 1024} kB: ${bounds.hint}`;
  return undefined;
}
