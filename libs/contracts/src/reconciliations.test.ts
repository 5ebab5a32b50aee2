import { describe, expect, it } from 'vitest';
import { ordersToSync, serviceDifferences, StartReconciliation } from './reconciliations';

describe('reconciliation planning', () => {
  it('lists per service type where the provider differs from the record, absent services included', () => {
    const ours = { services: { '/service/telco/gsm': 'active', '/service/telco/gprs': 'suspended' } };
    expect(serviceDifferences(ours, { services: { '/service/telco/gsm': 'active', '/service/telco/gprs': 'suspended' } })).toEqual([]);
    expect(serviceDifferences(ours, { services: { '/service/telco/gsm': 'suspended' } })).toEqual([
      { serviceType: '/service/telco/gprs', expected: 'suspended', actual: null },
      { serviceType: '/service/telco/gsm', expected: 'active', actual: 'suspended' },
    ]);
    // Unknown at the provider: every recorded service is absent there.
    expect(serviceDifferences(ours, undefined).map((d) => d.actual)).toEqual([null, null]);
  });

  it('plans the orders that move the provider back to the record, and none where no order can', () => {
    expect(ordersToSync('active', 'suspended')).toEqual(['R']);
    expect(ordersToSync('active', null)).toEqual(['A']);
    expect(ordersToSync('active', 'deactivated')).toEqual(['A']);
    expect(ordersToSync('suspended', 'active')).toEqual(['S']);
    expect(ordersToSync('suspended', null)).toEqual(['A', 'S']);
    expect(ordersToSync('deactivated', 'suspended')).toEqual(['D']);
    expect(ordersToSync('closed', 'active')).toEqual(['C']);
    expect(ordersToSync('active', 'closed')).toEqual([]);
    expect(ordersToSync('active', 'active')).toEqual([]);
  });

  it('refuses a subject listed twice and unknown fields', () => {
    const twice = StartReconciliation.safeParse({ provider: 'hss-main', subjects: ['a', 'a'] });
    expect(twice.success).toBe(false);
    expect(twice.error?.issues[0].path).toEqual(['subjects']);
    expect(StartReconciliation.safeParse({ provider: 'hss-main', all: true }).success).toBe(false);
    expect(StartReconciliation.parse({ provider: 'hss-main' })).toEqual({ provider: 'hss-main', dryRun: false });
  });
});
