import { describe, expect, it } from 'vitest';
import { DEFAULT_PREVIEW_SAMPLE, describeSms, renderLivePreview } from './template-live-preview';

describe('renderLivePreview', () => {
  it('renders the typed text against the sample and counts the SMS it makes', async () => {
    const out = await renderLivePreview({ channel: 'sms', body: 'Hi {{ data.firstName }}, {{ subject.msisdn }} is active', sample: DEFAULT_PREVIEW_SAMPLE });
    expect(out.body).toBe('Hi Alex, 447700900123 is active');
    expect(out.sms).toMatchObject({ encoding: 'GSM-7', characters: 31, segments: 1 });
  });

  it('names the placeholder that does not render and still counts the typed text', async () => {
    const out = await renderLivePreview({ channel: 'sms', body: 'Hi {{ data.( }}', sample: DEFAULT_PREVIEW_SAMPLE });
    expect(out.error).toMatch(/data\.\(/);
    expect(out.sms?.characters).toBe(15);
  });

  it('refuses a sample that is not JSON', async () => {
    expect((await renderLivePreview({ channel: 'email', subject: 'x', body: 'y', sample: '{' })).error).toBe('The sample is not valid JSON.');
  });

  it('renders an email subject and counts no SMS', async () => {
    const out = await renderLivePreview({ channel: 'email', subject: 'Top-up of {{ data.amount }}', body: 'b', sample: DEFAULT_PREVIEW_SAMPLE });
    expect(out).toEqual({ subject: 'Top-up of 10', body: 'b' });
  });
});

describe('describeSms', () => {
  it('says the units when they differ from the characters', async () => {
    const out = await renderLivePreview({ channel: 'sms', body: 'Hi 👋', sample: '{}' });
    expect(describeSms(out.sms!)).toBe('4 characters (5 UTF-16 units) · UCS-2 · 1 SMS, 65 left in this part');
  });
});
