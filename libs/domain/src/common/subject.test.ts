import { describe, expect, it } from 'vitest';
import { serviceKeyOf } from './subject';

describe('serviceKeyOf', () => {
  it('takes the most specific key the subject has', () => {
    expect(serviceKeyOf({ customerId: 'c1', msisdn: '447700900001', serviceId: 's1' }, 'wf')).toBe('s1');
    expect(serviceKeyOf({ customerId: 'c1', msisdn: '447700900001' }, 'wf')).toBe('447700900001');
    expect(serviceKeyOf({ iccid: '894400000000000000', deviceId: 'd1' }, 'wf')).toBe('d1');
  });

  it('falls back when the subject has none of the keys', () => {
    expect(serviceKeyOf({}, 'wf-1')).toBe('wf-1');
  });
});
