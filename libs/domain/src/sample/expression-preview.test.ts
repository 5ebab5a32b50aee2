import { describe, expect, it } from 'vitest';
import { formatPreviewValue, previewExpression } from './expression-preview';
import type { PinnedSample } from './pinned-sample.schema';

const sample: PinnedSample = {
  subject: { msisdn: '447700900123', imsi: '356938035643809' },
  data: { apn: 'internet', plans: [1, 2, 3] },
  nodes: { lookup: { outcome: 'success', output: { profile: 'GOLD' } } },
};
const options = { eventCode: 'GPRS_ON', now: Date.parse('2026-12-01T09:00:00Z') };

describe('expression preview against pinned sample data', () => {
  it('shows what subject, data, earlier steps and the event give', async () => {
    expect(await previewExpression('subject.imsi', sample, options)).toEqual({ ok: true, text: '"356938035643809"' });
    expect(await previewExpression('$sum(data.plans)', sample, options)).toEqual({ ok: true, text: '6' });
    expect(await previewExpression('nodes.lookup.output.profile & "/" & data.apn', sample, options)).toEqual({ ok: true, text: '"GOLD/internet"' });
    expect(await previewExpression('event.code', sample, options)).toEqual({ ok: true, text: '"GPRS_ON"' });
    expect(await previewExpression('$now()', sample, options)).toEqual({ ok: true, text: '"2026-12-01T09:00:00.000Z"' });
    expect(await previewExpression('data.nothing', sample, options)).toEqual({ ok: true, text: 'nothing (no such value in the sample)' });
  });

  it('gives the error of an expression that does not parse or does not evaluate', async () => {
    const syntax = await previewExpression('data.(', sample, options);
    expect(syntax.ok).toBe(false);
    const fails = await previewExpression('$number("abc") + $undefinedFn()', sample, options);
    expect(fails.ok).toBe(false);
  });

  it('stops a heavy expression with the bounds a run has (500 steps), not after a hang', async () => {
    const heavy = await previewExpression('$sum([1..100000].($ * 2))', sample, options);
    expect(heavy.ok).toBe(false);
    expect(!heavy.ok && heavy.message).toMatch(/step|limit|long|large/i);
  });

  it('cuts long values with an ellipsis', () => {
    const text = formatPreviewValue('x'.repeat(500), 40);
    expect(text).toHaveLength(40);
    expect(text.endsWith('…')).toBe(true);
    expect(formatPreviewValue({ a: 1 })).toBe('{"a":1}');
  });
});
