import { describe, expect, it } from 'vitest';
import { Provider } from './provider.schema';

const base = { code: 'files-out', name: 'Files out', endpoints: ['http://127.0.0.1:4300/files'] };

describe('Provider protocol', () => {
  it('refuses the file protocol until it has an adapter, saying so', () => {
    const parsed = Provider.safeParse({ ...base, protocol: 'file' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues).toEqual([expect.objectContaining({ path: ['protocol'], message: 'file protocol is not available yet' })]);
  });

  it('still names the allowed protocols for an unknown one', () => {
    const parsed = Provider.safeParse({ ...base, protocol: 'smoke-signals' });
    expect(parsed.error?.issues[0]?.message).toMatch(/http.*tcp/);
  });

  it('accepts http and tcp', () => {
    expect(Provider.parse({ ...base, protocol: 'tcp' }).protocol).toBe('tcp');
    expect(Provider.parse(base).protocol).toBe('http');
  });
});
