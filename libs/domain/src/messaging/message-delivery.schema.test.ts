import { describe, expect, it } from 'vitest';
import { DeliveryReport, maskRecipient } from './message-delivery.schema';

describe('maskRecipient', () => {
  it('keeps enough to tell messages apart and not enough to reach anyone', () => {
    expect(maskRecipient('sms', '447700900123')).toBe('********0123');
    expect(maskRecipient('email', 'alex.smith@example.com')).toBe('a***@example.com');
    expect(maskRecipient('push', 'fcm-token-abcdef0123456789')).toBe('fcm-to…');
    expect(maskRecipient('letter', 'Alex Smith\n1 High Street\nLeeds LS1 1AA')).toBe('*** Leeds LS1 1AA');
    expect(maskRecipient('sms', '123')).toBe('***');
    expect(maskRecipient('email', 'not-an-address')).toBe('***');
  });
});

describe('DeliveryReport', () => {
  it('accepts the gateway statuses and names a wrong field', () => {
    expect(DeliveryReport.safeParse({ messageId: 'm1', status: 'delivered', at: '2026-11-30T10:00:00Z' }).success).toBe(true);
    const wrong = DeliveryReport.safeParse({ messageId: 'm1', status: 'lost' });
    expect(wrong.success).toBe(false);
    expect(wrong.error?.issues.map((i) => i.path.join('.'))).toEqual(['status']);
  });
});
