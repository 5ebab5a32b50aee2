import { z } from 'zod';

/**
 * Where a message a run sent stands. `queued`: the communication step is sending it (or retrying);
 * `sent`: the channel's provider took it; `delivered`: the provider reported it reached the
 * recipient; `failed`: it could not be sent (bad configuration, a provider refusal, out of
 * retries); `undeliverable`: the provider says the recipient cannot be reached (an unregistered
 * device token, an unknown number).
 */
export const MESSAGE_DELIVERY_STATUSES = ['queued', 'sent', 'delivered', 'failed', 'undeliverable'] as const;
export const MessageDeliveryStatus = z.enum(MESSAGE_DELIVERY_STATUSES);
export type MessageDeliveryStatus = z.infer<typeof MessageDeliveryStatus>;

/**
 * A delivery report (DLR) a message gateway sends back for a message it took. Signed like a
 * provider request (X-Signature over the raw body with the provider's signature secret).
 */
export const DeliveryReport = z.strictObject({
  messageId: z.string().trim().min(1).max(400),
  status: z.enum(['delivered', 'undeliverable', 'failed']),
  /** When the gateway saw the outcome (ISO 8601). */
  at: z.iso.datetime({ offset: true }).optional(),
  /** The gateway's own words, e.g. an error code. */
  reason: z.string().max(500).optional(),
});
export type DeliveryReport = z.infer<typeof DeliveryReport>;

/**
 * The recipient as ops may see it: enough to tell messages apart, not enough to contact anyone.
 * Phone numbers keep their last four digits, email addresses their first letter and domain, device
 * tokens their first six characters, postal addresses their last line (town or postcode).
 */
export function maskRecipient(channel: string, to: string): string {
  const text = to.trim();
  if (channel === 'email') {
    const at = text.lastIndexOf('@');
    return at > 0 ? `${text[0]}***${text.slice(at)}` : '***';
  }
  if (channel === 'push') return text.length > 6 ? `${text.slice(0, 6)}…` : '***';
  if (channel === 'letter') {
    const lines = text.split(/\r?\n|,\s*/).filter((l) => l.trim() !== '');
    return lines.length > 1 ? `*** ${lines.at(-1)?.trim() ?? ''}` : '***';
  }
  const digits = text.replace(/\D/g, '');
  return digits.length > 4 ? `${'*'.repeat(digits.length - 4)}${digits.slice(-4)}` : '***';
}
