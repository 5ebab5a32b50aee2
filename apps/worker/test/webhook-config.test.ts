import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';
import { BASE_ENV as base, problemsOf } from './config-problems';

describe('webhook settings', () => {
  it('default to a day of retries and a 500 ms outbox pass, read in seconds and milliseconds', () => {
    expect(loadConfig(base)).toMatchObject({ webhookGiveUpAfterMs: 86_400_000, webhookDispatchMs: 500 });
    expect(loadConfig({ ...base, SIGNALBOX_WEBHOOK_GIVE_UP_AFTER_SECONDS: '30', SIGNALBOX_WEBHOOK_DISPATCH_MS: '200' })).toMatchObject({ webhookGiveUpAfterMs: 30_000, webhookDispatchMs: 200 });
  });

  it.each(['0', '86401', '1.5', 'soon'])('refuses a retry window of %s by name', (value) => {
    expect(problemsOf({ SIGNALBOX_WEBHOOK_GIVE_UP_AFTER_SECONDS: value })).toEqual([expect.stringMatching(/^SIGNALBOX_WEBHOOK_GIVE_UP_AFTER_SECONDS must be .*(a day)/)]);
  });

  it.each(['99', '60001', 'fast'])('refuses an outbox pass of %s by name', (value) => {
    expect(problemsOf({ SIGNALBOX_WEBHOOK_DISPATCH_MS: value })).toEqual([expect.stringMatching(/^SIGNALBOX_WEBHOOK_DISPATCH_MS must be a whole number of milliseconds from 100 to 60000/)]);
  });
});
