import { describe, expect, it } from 'vitest';
import { buildOrderFields } from './order-fields';
import { testEndpoints } from './test-routing';

describe('buildOrderFields', () => {
  it('reads the subject first, then the data, and lets node inputs override', () => {
    const fields = buildOrderFields(['msisdn', 'imsi', 'data.apn', 'qosProfile', 'missing'], { msisdn: '447700900123' }, { apn: 'internet', qosProfile: 'gold', imsi: '234150000000001' }, { qosProfile: 'silver' });
    expect(fields).toEqual({ msisdn: '447700900123', imsi: '234150000000001', apn: 'internet', qosProfile: 'silver' });
  });
});

describe('testEndpoints', () => {
  const provider = { code: 'hss-main', endpoints: ['https://hss.example.net/api'] } as never;
  it('routes a test run to the simulator and never to a real provider', () => {
    expect(testEndpoints(provider, 'http://127.0.0.1:4300')).toEqual(['http://127.0.0.1:4300/providers/hss-main']);
    expect(() => testEndpoints(provider, undefined)).toThrow(/only reach the network simulator/);
  });
});
