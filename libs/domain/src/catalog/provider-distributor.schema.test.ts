import { describe, expect, it } from 'vitest';
import { distributorRefusal, ProviderDistributor } from './provider-distributor.schema';
import { Provider } from './provider.schema';

const tv = ProviderDistributor.parse({
  code: 'tv-shop',
  name: 'TV shop',
  services: ['/service/tv/sports', '/service/tv/movies', '/service/tv/basic', '/service/tv/hd'],
  restrictions: [{ name: 'one-premium', services: ['/service/tv/sports', '/service/tv/movies'] }],
  dependencies: [{ name: 'hd-needs-basic', service: '/service/tv/hd', requires: '/service/tv/basic' }],
  required: true,
});
const provider = { code: 'ca-tv', name: 'CA', endpoints: ['http://127.0.0.1:1/ca'] };

describe('distributor rules', () => {
  it('refuses a rule that contradicts itself, naming the field', () => {
    const parsed = Provider.safeParse({
      ...provider,
      distributors: [{ ...tv, dependencies: [{ name: 'sports-needs-movies', service: '/service/tv/sports', requires: '/service/tv/movies' }] }],
    });
    expect(parsed.error?.issues).toEqual([expect.objectContaining({ path: ['distributors', 0, 'dependencies', 0, 'requires'], message: expect.stringContaining('one-premium') })]);
  });

  it('refuses a rule about a service the distributor does not provision', () => {
    const parsed = Provider.safeParse({ ...provider, distributors: [{ ...tv, restrictions: [{ name: 'kids-apart', services: ['/service/tv/sports', '/service/tv/kids'] }] }] });
    expect(parsed.error?.issues.map((i) => i.path)).toEqual([['distributors', 0, 'restrictions', 0, 'services', 1]]);
  });

  it('names the restriction that refuses an order, and lets an allowed one through', () => {
    expect(distributorRefusal([tv], { serviceType: '/service/tv/movies', action: 'A', activeServices: ['/service/tv/sports'] })).toEqual({
      rule: 'tv-shop/one-premium',
      message: expect.stringContaining('/service/tv/sports'),
    });
    expect(distributorRefusal([tv], { serviceType: '/service/tv/movies', action: 'A', activeServices: ['/service/tv/basic'] })).toBeUndefined();
    expect(distributorRefusal([tv], { serviceType: '/service/tv/movies', action: 'D', activeServices: ['/service/tv/sports'] })).toBeUndefined();
  });

  it('names the dependency and the required distributor', () => {
    expect(distributorRefusal([tv], { serviceType: '/service/tv/hd', action: 'A', activeServices: [] })?.rule).toBe('tv-shop/hd-needs-basic');
    expect(distributorRefusal([tv], { serviceType: '/service/tv/radio', action: 'A', activeServices: [] })?.rule).toBe('tv-shop/required');
  });
});
