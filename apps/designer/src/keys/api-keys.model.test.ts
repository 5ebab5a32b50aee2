import { describe, expect, it } from 'vitest';
import { createKeyBody, problemsOf, sortKeys, type ApiKeyView } from './api-keys.model';

const key = (id: string, createdAt: string, revokedAt: string | null = null): ApiKeyView => ({ id, name: id, role: 'viewer', providers: null, createdAt, lastUsedAt: null, revokedAt });

describe('createKeyBody', () => {
  it('sends providers for an agent key only', () => {
    expect(createKeyBody({ name: ' crm ', role: 'integration', providers: ['hss'] })).toEqual({ name: 'crm', role: 'integration' });
    expect(createKeyBody({ name: 'hss agent', role: 'agent', providers: ['hss'] })).toEqual({ name: 'hss agent', role: 'agent', providers: ['hss'] });
  });
});

describe('problemsOf', () => {
  it('gathers the problems of a field and of its items', () => {
    const problems = [
      { path: 'providers', message: 'is required' },
      { path: 'providers.0', message: 'bad code' },
      { path: 'name', message: 'is required' },
    ];
    expect(problemsOf(problems, 'providers')).toEqual(['is required', 'bad code']);
    expect(problemsOf(problems, 'role')).toEqual([]);
  });
});

describe('sortKeys', () => {
  it('lists live keys newest first, then revoked ones', () => {
    const sorted = sortKeys([key('a', '2026-01-01'), key('b', '2026-03-01', '2026-04-01'), key('c', '2026-02-01')]);
    expect(sorted.map((k) => k.id)).toEqual(['c', 'a', 'b']);
  });
});
