import { describe, expect, it } from 'vitest';
import { checkPinnedSample, parsePinnedSample, PINNED_SAMPLE_LIMITS } from './pinned-sample.schema';

describe('pinned sample data', () => {
  it('accepts subject, data and earlier steps’ results, defaulting data and nodes', () => {
    const parsed = parsePinnedSample('{ "subject": { "msisdn": "447700900123" } }');
    expect(parsed).toEqual({ ok: true, sample: { subject: { msisdn: '447700900123' }, data: {}, nodes: {} } });
    const full = checkPinnedSample({ subject: { imsi: '234150000000001' }, data: { apn: 'internet' }, nodes: { lookup: { outcome: 'success', output: { profile: 'GOLD' } } } });
    expect(full.ok && full.sample.nodes.lookup.output).toEqual({ profile: 'GOLD' });
  });

  it('names a JSON syntax error, and the shape problems field by field', () => {
    const syntax = parsePinnedSample('{ "subject": ');
    expect(syntax.ok).toBe(false);
    expect(!syntax.ok && syntax.problems[0]).toMatchObject({ path: '', message: expect.stringMatching(/^is not valid JSON: /) });

    const shape = checkPinnedSample({ subject: { msisdn: 'abc', colour: 'red' }, data: [], nodes: { 'bad id!': {}, ok: { outcome: 5 } } });
    expect(shape.ok).toBe(false);
    const problems = shape.ok ? [] : shape.problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: 'subject', message: 'has unknown field colour' },
        { path: 'subject.msisdn', message: 'must be 6–15 digits, optionally starting with +' },
        { path: 'data', message: 'must be an object, not a list' },
        { path: 'nodes.ok.outcome', message: 'must be a text, not a number' },
      ]),
    );
    expect(problems).toContainEqual({ path: 'nodes.bad id!', message: 'is not a step id: use 1–64 letters, digits, dashes or underscores' });
  });

  it('requires a subject with at least one business key', () => {
    const missing = checkPinnedSample({ data: {} });
    expect(!missing.ok && missing.problems).toEqual([{ path: 'subject', message: 'is required' }]);
    const empty = checkPinnedSample({ subject: {} });
    expect(!empty.ok && empty.problems[0].message).toMatch(/at least one business key/);
  });

  it('bounds its size, its depth and how many steps it holds', () => {
    const big = checkPinnedSample({ subject: { msisdn: '447700900123' }, nodes: { a: { output: 'x'.repeat(PINNED_SAMPLE_LIMITS.maxBytes) } } });
    expect(!big.ok && big.problems).toEqual([{ path: '', message: expect.stringMatching(/kB as JSON; at most 256 kB/) }]);

    let deep: unknown = 1;
    for (let i = 0; i < PINNED_SAMPLE_LIMITS.maxDepth + 2; i++) deep = { d: deep };
    const nested = checkPinnedSample({ subject: { msisdn: '447700900123' }, nodes: { a: { output: deep } } });
    expect(!nested.ok && nested.problems[0].message).toMatch(/nests more than 32 levels/);

    const nodes = Object.fromEntries(Array.from({ length: PINNED_SAMPLE_LIMITS.maxNodes + 1 }, (_, i) => [`n${i}`, { outcome: 'success' }]));
    const many = checkPinnedSample({ subject: { msisdn: '447700900123' }, nodes });
    expect(!many.ok && many.problems).toEqual([{ path: 'nodes', message: expect.stringMatching(/holds 201 steps; at most 200/) }]);

    const text = parsePinnedSample(' '.repeat(PINNED_SAMPLE_LIMITS.maxBytes * 2 + 1));
    expect(!text.ok && text.problems[0].message).toMatch(/at most 256 kB of JSON/);
  });
});
