import { describe, expect, it } from 'vitest';
import type { Provider } from '@signalbox/domain';
import { providerAtSend } from './provider-at-send';

const frozen: Provider = {
  code: 'hss-x',
  name: 'HSS as published',
  protocol: 'http',
  endpoints: ['http://old.example.test/hss'],
  auth: { type: 'basic', username: 'signalbox' },
  requestTimeoutMs: 30_000,
  mode: 'async',
  rateLimit: { perSecond: 5, burst: 2 },
  allowInFlightChanges: false,
  state: 'effective',
};

describe('providerAtSend', () => {
  it('keeps the published settings and takes endpoints, credentials and the rate limit live', () => {
    const live: Provider = {
      ...frozen,
      name: 'HSS edited',
      endpoints: ['http://new.example.test/hss'],
      auth: { type: 'basic', username: 'signalbox', password: 'rotated-password' },
      requestTimeoutMs: 500,
      mode: 'sync',
      rateLimit: { perSecond: 100, burst: 50 },
      allowInFlightChanges: true,
    };
    expect(providerAtSend(live, { ...frozen, auth: { type: 'basic' } })).toEqual({
      ...frozen,
      endpoints: ['http://new.example.test/hss'],
      auth: { type: 'basic', username: 'signalbox', password: 'rotated-password' },
      rateLimit: { perSecond: 100, burst: 50 },
    });
    const { rateLimit, ...unlimited } = live;
    void rateLimit;
    expect(providerAtSend(unlimited, { ...frozen, auth: { type: 'basic' } }).rateLimit).toBeUndefined();
  });

  it('uses the live row when the run carries no snapshot of that provider', () => {
    const live: Provider = { ...frozen, requestTimeoutMs: 500 };
    expect(providerAtSend(live, undefined)).toBe(live);
    expect(providerAtSend(live, { ...frozen, code: 'other', auth: { type: 'none' } })).toBe(live);
  });
});
