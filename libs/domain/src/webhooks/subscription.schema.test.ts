import { describe, expect, it } from 'vitest';
import { webhookSelects, WebhookSubscriptionCreate } from './subscription.schema';

describe('webhook subscriptions', () => {
  const run = { eventType: 'run.stateChanged', eventCode: 'SIM_SWAP', providers: ['hss-main'], state: 'Completed' } as const;

  it('selects an event only when every given filter matches', () => {
    expect(webhookSelects({}, run)).toBe(true);
    expect(webhookSelects({ eventCodes: ['SIM_SWAP'], states: ['Completed', 'Failed'] }, run)).toBe(true);
    expect(webhookSelects({ eventCodes: ['LINE_CEASE'] }, run)).toBe(false);
    expect(webhookSelects({ eventTypes: ['serviceOrder.stateChanged'] }, run)).toBe(false);
    expect(webhookSelects({ providers: ['ocs'] }, run)).toBe(false);
    expect(webhookSelects({ providers: ['ocs', 'hss-main'] }, run)).toBe(true);
    expect(webhookSelects({ states: ['Running'] }, run)).toBe(false);
    expect(webhookSelects({ eventCodes: ['SIM_SWAP'] }, { ...run, eventCode: null })).toBe(false);
  });

  it('names each wrong field of a create body', () => {
    const parsed = WebhookSubscriptionCreate.safeParse({ url: 7, eventCodes: ['lower'], states: ['Sleeping'], eventTypes: [], extra: true });
    expect(parsed.success).toBe(false);
    const paths = parsed.error?.issues.map((i) => i.path.join('.') || i.code).sort();
    expect(paths).toEqual(['eventCodes.0', 'eventTypes', 'states.0', 'unrecognized_keys', 'url']);
  });
});
