import { describe, expect, it } from 'vitest';
import { ORDER_RESULT_LIMITS, WireCallback } from './provider-wire';

const problems = (value: object) =>
  (WireCallback.safeParse({ serviceOrderId: 'so-1', status: 'COMPLETED', ...value }).error?.issues ?? []).map((i) => [i.path.join('.'), i.message]);

describe('WireCallback bounds', () => {
  it('accepts a message and a state within the limits', () => {
    expect(problems({ message: 'x'.repeat(ORDER_RESULT_LIMITS.maxMessageLength), state: { msisdn: '447700900001', plan: { code: 'P1' } } })).toEqual([]);
  });

  it('refuses a message over 2,000 characters, naming the field', () => {
    expect(problems({ message: 'x'.repeat(ORDER_RESULT_LIMITS.maxMessageLength + 1) })).toEqual([
      ['message', "must be at most 2000 characters: keep the details in the provider's own records"],
    ]);
  });

  it('refuses a state over 64 kB as JSON, counting UTF-8 bytes', () => {
    expect(problems({ state: { blob: 'x'.repeat(64 * 1024 - 20) } })).toEqual([]);
    expect(problems({ state: { blob: 'é'.repeat(32 * 1024) } })).toEqual([['state', "is 65 kB as JSON; at most 64 kB: send the subscriber's status, not a document"]]);
  });

  it('refuses a state nested more than 16 levels deep without recursing', () => {
    let deep: unknown = 1;
    for (let i = 0; i < ORDER_RESULT_LIMITS.state.maxDepth - 1; i++) deep = { d: deep };
    expect(problems({ state: { d: deep } })).toEqual([]);
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(problems({ state: { d: deep } })).toEqual([['state', 'nests more than 16 levels deep: flatten it']]);
  });
});
