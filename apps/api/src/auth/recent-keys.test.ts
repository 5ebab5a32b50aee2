import { describe, expect, it } from 'vitest';
import type { Principal } from './permissions';
import { RecentKeys } from './recent-keys';

const principal = (keyId: string): Principal => ({ keyId, name: keyId, role: 'viewer', providers: null });

describe('RecentKeys', () => {
  it('answers a remembered key until its time is up, then asks again', () => {
    let now = 1_000;
    const keys = new RecentKeys(1_000, 10, () => now);
    keys.remember('h1', principal('k1'));
    now += 999;
    expect(keys.get('h1')).toEqual(principal('k1'));
    now += 1;
    expect(keys.get('h1')).toBeUndefined();
    expect(keys.get('unknown')).toBeUndefined();
  });

  it('forgets every entry of a revoked key at once', () => {
    const keys = new RecentKeys(60_000, 10);
    keys.remember('h1', principal('k1'));
    keys.remember('h2', principal('k1'));
    keys.remember('h3', principal('k2'));
    keys.forget('k1');
    expect([keys.get('h1'), keys.get('h2'), keys.get('h3')]).toEqual([undefined, undefined, principal('k2')]);
  });

  it('keeps at most maxKeys, dropping the oldest, and nothing with a zero time', () => {
    const keys = new RecentKeys(60_000, 2);
    keys.remember('h1', principal('k1'));
    keys.remember('h2', principal('k2'));
    keys.remember('h3', principal('k3'));
    expect([keys.get('h1'), keys.get('h2'), keys.get('h3')]).toEqual([undefined, principal('k2'), principal('k3')]);
    const off = new RecentKeys(0, 2);
    off.remember('h1', principal('k1'));
    expect(off.get('h1')).toBeUndefined();
  });
});
