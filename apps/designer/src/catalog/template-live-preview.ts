import { buildExpressionContext, countSmsSegments, renderTemplate, TemplateError, type SmsSegmentCount } from '@signalbox/domain';

/** The same sample the API's preview renders with when given none (template-preview.service.ts). */
export const DEFAULT_PREVIEW_SAMPLE = `{
  "subject": { "customerId": "CUST-1001", "accountId": "ACC-1001", "msisdn": "447700900123", "imsi": "234150000000001" },
  "data": { "amount": 10, "currency": "GBP", "firstName": "Alex", "email": "alex@example.com" }
}`;

export interface LivePreview {
  subject?: string;
  body?: string;
  /** Why the text does not render (a bad placeholder, a sample that is not JSON). */
  error?: string;
  /** Filled for SMS: counted on the rendered body, or on the typed text when it does not render. */
  sms?: SmsSegmentCount;
}

function parseSample(sample: string): { subject: Record<string, unknown>; data: Record<string, unknown> } | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(sample);
  } catch {
    return 'The sample is not valid JSON.';
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return 'The sample must be an object with "subject" and "data".';
  const { subject = {}, data = {} } = parsed as Record<string, unknown>;
  if (typeof subject !== 'object' || subject === null || typeof data !== 'object' || data === null) return '"subject" and "data" must be objects.';
  return { subject: subject as Record<string, unknown>, data: data as Record<string, unknown> };
}

/**
 * Renders the variant being typed, in the browser, with the domain's own renderer (the one the
 * API's preview and the sending activity use, bounded the same way). The API's preview endpoint
 * only renders the saved template, so it cannot follow the keystrokes.
 */
export async function renderLivePreview(input: { channel: string; subject?: string; body: string; sample: string; now?: number }): Promise<LivePreview> {
  const sms = (text: string) => (input.channel === 'sms' ? { sms: countSmsSegments(text) } : {});
  const sample = parseSample(input.sample);
  if (typeof sample === 'string') return { error: sample, ...sms(input.body) };
  const context = buildExpressionContext({ eventCode: 'PREVIEW', eventId: 'preview', raisedAt: new Date(input.now ?? Date.now()).toISOString(), now: input.now ?? Date.now(), ...sample });
  try {
    const body = await renderTemplate(input.body, context);
    const subject = input.subject !== undefined ? await renderTemplate(input.subject, context) : undefined;
    return { body, ...(subject !== undefined ? { subject } : {}), ...sms(body) };
  } catch (e) {
    return { error: e instanceof TemplateError ? e.message : String(e), ...sms(input.body) };
  }
}

/** "67 characters · GSM-7 · 1 SMS (93 left)" */
export function describeSms(count: SmsSegmentCount): string {
  const parts = count.segments === 1 ? '1 SMS' : `${count.segments} SMS parts`;
  const units = count.encoding === 'UCS-2' && count.units !== count.characters ? ` (${count.units} UTF-16 units)` : count.encoding === 'GSM-7' && count.units !== count.characters ? ` (${count.units} septets)` : '';
  return `${count.characters} characters${units} · ${count.encoding} · ${parts}, ${count.remaining} left in this part`;
}
