import { describe, expect, it } from 'vitest';
import { EVENT_DATA_LIMITS, EventData } from './event-data.schema';
import { RaiseEvent } from './raise-event.schema';

const messages = (value: unknown) => (EventData.safeParse(value).error?.issues ?? []).map((i) => i.message);

describe('EventData', () => {
  it('accepts data up to the size limit, counting UTF-8 bytes', () => {
    const fits = { s: 'x'.repeat(EVENT_DATA_LIMITS.maxBytes - 20) };
    expect(messages(fits)).toEqual([]);
    // "é" is two bytes: the same number of characters no longer fits.
    expect(messages({ s: 'é'.repeat(EVENT_DATA_LIMITS.maxBytes / 2) })).toEqual([expect.stringContaining(`at most ${EVENT_DATA_LIMITS.maxBytes / 1024} kB`)]);
  });

  it('refuses data nested deeper than the limit without recursing', () => {
    let deep: unknown = 1;
    for (let i = 0; i < EVENT_DATA_LIMITS.maxDepth; i++) deep = { d: deep };
    expect(messages(deep)).toEqual([]);
    for (let i = 0; i < 10_000; i++) deep = [deep];
    expect(messages({ d: deep })).toEqual([expect.stringContaining('levels deep')]);
  });

  it('bounds the accounts of a raise in count and length', () => {
    const raise = (accounts: string[]) => RaiseEvent.safeParse({ inboundName: 'Customer/X', subject: { customerId: 'C' }, accounts }).error?.issues.map((i) => [i.path.join('.'), i.message]);
    expect(raise(['A1', 'A2'])).toBeUndefined();
    expect(raise(Array.from({ length: 1001 }, (_, i) => `A${i}`))).toEqual([['accounts', 'may list at most 1000 accounts']]);
    expect(raise(['x'.repeat(129)])).toEqual([['accounts.0', 'must be at most 128 characters long']]);
  });
});
