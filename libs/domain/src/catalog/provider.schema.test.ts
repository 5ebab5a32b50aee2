import { describe, expect, it } from 'vitest';
import { Provider } from './provider.schema';

const base = { code: 'files-out', name: 'Files out', endpoints: ['http://127.0.0.1:4300/files'] };

describe('Provider protocol', () => {
  it('refuses a file provider without its folders, naming the field', () => {
    const parsed = Provider.safeParse({ code: 'files-out', name: 'Files out', protocol: 'file' });
    expect(parsed.error?.issues).toEqual([expect.objectContaining({ path: ['file'] })]);
    const noInbox = Provider.safeParse({ code: 'files-out', name: 'Files out', protocol: 'file', file: { outbox: 'out' } });
    expect(noInbox.error?.issues.map((i) => i.path)).toEqual([['file', 'inbox']]);
  });

  it('accepts a file provider with folders and a 32-byte key, and no endpoints', () => {
    const key = Buffer.alloc(32, 7).toString('base64');
    const p = Provider.parse({ code: 'files-out', name: 'Files out', protocol: 'file', file: { outbox: 'out', inbox: 'in', key } });
    expect(p.file).toMatchObject({ maxBatchOrders: 100, maxBatchAgeMs: 60_000 });
    const short = Provider.safeParse({ code: 'files-out', name: 'Files out', protocol: 'file', file: { outbox: 'out', inbox: 'in', key: 'c2hvcnQ=' } });
    expect(short.error?.issues.map((i) => i.path)).toEqual([['file', 'key']]);
  });

  it('still needs an endpoint for http and tcp', () => {
    const parsed = Provider.safeParse({ code: 'hss-x', name: 'HSS' });
    expect(parsed.error?.issues).toEqual([expect.objectContaining({ path: ['endpoints'], message: 'needs at least one endpoint URL' })]);
  });

  it('still names the allowed protocols for an unknown one', () => {
    const parsed = Provider.safeParse({ ...base, protocol: 'smoke-signals' });
    expect(parsed.error?.issues[0]?.message).toMatch(/http.*tcp.*file/);
  });

  it('needs each channel protocol\'s own settings, and refuses them elsewhere', () => {
    expect(Provider.safeParse({ code: 'print', name: 'Print', protocol: 'letter' }).error?.issues.map((i) => i.path)).toEqual([['letter', 'outbox']]);
    expect(Provider.parse({ code: 'print', name: 'Print', protocol: 'letter', letter: { outbox: 'out' } }).letter).toEqual({ outbox: 'out', maxBatchLetters: 500, maxBatchAgeMs: 3_600_000 });
    expect(Provider.safeParse({ ...base, protocol: 'push' }).error?.issues.map((i) => i.path)).toEqual([['push', 'project']]);
    expect(Provider.safeParse({ code: 'push', name: 'Push', protocol: 'push', push: { project: 'app-1' } }).error?.issues.map((i) => i.path)).toEqual([['endpoints']]);
    expect(Provider.parse({ ...base, protocol: 'push', push: { project: 'app-1' }, auth: { type: 'bearer', token: 't' } }).push).toEqual({ project: 'app-1' });
    expect(Provider.safeParse({ ...base, protocol: 'sms', letter: { outbox: 'out' } }).error?.issues).toEqual([expect.objectContaining({ path: ['letter'], message: 'is only for the letter protocol (this provider uses sms)' })]);
  });

  it('accepts http and tcp', () => {
    expect(Provider.parse({ ...base, protocol: 'tcp' }).protocol).toBe('tcp');
    expect(Provider.parse(base).protocol).toBe('http');
  });
});

describe('Provider field by field', () => {
  it('names a missing endpoint beside another bad field', () => {
    const parsed = Provider.safeParse({ code: 'Bad Code', name: 'HSS' });
    expect(parsed.error?.issues.map((i) => i.path)).toEqual([['code'], ['endpoints']]);
  });
});
