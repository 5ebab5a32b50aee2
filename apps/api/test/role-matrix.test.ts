import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY_ROLES, PERMISSIONS, type ApiKeyRole, type Permission } from '@signalbox/domain';
import { startApi, type RunningApi } from './support/api-process';
import { client } from './support/client';
import { operationsOf, type Operation } from './support/openapi-fuzz';

/**
 * Every operation × every caller, generated from the permission table (src/auth/permissions.ts)
 * and the permission each operation declares in the OpenAPI document: a role the table does not
 * grant gets 403, a role it grants never does; without a key, or with a revoked one, 401.
 * Path parameters name nothing that exists, so an allowed call ends in 404 or 422, never a change.
 */
const callers = [...API_KEY_ROLES, 'anonymous', 'revoked'] as const;

/** What the designer's Operations screens call: reconciliations, incidents in bulk, orders, batches, probes. */
const OPS_ROUTES = [
  'POST /api/reconciliations',
  'GET /api/reconciliations',
  'GET /api/reconciliations/{id}',
  'POST /api/runs/bulk',
  'GET /api/runs/bulk/{id}',
  'GET /api/service-orders',
  'GET /api/service-orders/{id}',
  'POST /api/service-orders/{id}/response',
  'GET /api/batches',
  'GET /api/batches/{code}',
  'GET /api/batches/{code}/executions',
  'POST /api/batches/{code}/trigger',
  'POST /api/batches/{code}/pause',
  'POST /api/batches/{code}/resume',
  'GET /api/health/probes',
  'PUT /api/probes/{code}',
];
type Caller = (typeof callers)[number];

function expected(op: Operation, caller: Caller): 'allowed' | 401 | 403 {
  if (op.permission === 'public') return 'allowed';
  if (caller === 'anonymous' || caller === 'revoked') return 401;
  return (PERMISSIONS[op.permission as Permission] as readonly ApiKeyRole[]).includes(caller) ? 'allowed' : 403;
}

describe('the role matrix', () => {
  let api: RunningApi;
  const keys = new Map<Caller, string | undefined>();

  beforeAll(async () => {
    api = await startApi({ env: { SIGNALBOX_DEMO_CATALOG: 'auto', SIGNALBOX_EXPENSIVE_CALLS_PER_MINUTE: '0' } });
    const admin = client(api.url, api.adminKey);
    for (const role of API_KEY_ROLES) {
      const created = await admin.post('/keys', { name: `matrix ${role}`, role, ...(role === 'agent' ? { providers: ['hss-main'] } : {}) });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      keys.set(role, created.body.key);
    }
    const revoked = await admin.post('/keys', { name: 'matrix revoked', role: 'admin' });
    expect((await admin.delete(`/keys/${revoked.body.id}`)).status).toBe(204);
    keys.set('revoked', revoked.body.key);
    keys.set('anonymous', undefined);
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('matches the permission table for every operation and caller', { timeout: 10 * 60_000 }, async () => {
    const doc = await (await fetch(`${api.url}/api/docs-json`)).json();
    const operations = operationsOf(doc);
    expect(operations.length).toBeGreaterThan(50);
    const undeclared = operations.filter((op) => op.permission !== 'public' && !(op.permission in PERMISSIONS));
    expect(undeclared.map((op) => `${op.method} ${op.path}`)).toEqual([]);
    // The routes the designer's Operations screens call are in the document, so the matrix covers them.
    const listed = new Set(operations.map((op) => `${op.method} ${op.path}`));
    expect(OPS_ROUTES.filter((route) => !listed.has(route))).toEqual([]);

    const mismatches: string[] = [];
    let checked = 0;
    const slowest: { call: string; ms: number }[] = [];
    for (const op of operations) {
      // The smoke check waits for a worker (30 s); only whether it is refused matters here.
      const path = op.path.replace(/\{[^}]+\}/g, 'ZZ_MATRIX_NONE');
      for (const caller of callers) {
        const want = expected(op, caller);
        if (op.path === '/api/system/smoke' && want === 'allowed') continue;
        const key = keys.get(caller);
        const bodyless = op.method === 'GET' || op.method === 'HEAD';
        const started = Date.now();
        const res = await fetch(`${api.url}${path}`, {
          method: op.method,
          headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(bodyless ? {} : { 'content-type': 'application/json' }) },
          body: bodyless ? undefined : '{}',
        });
        await res.arrayBuffer();
        slowest.push({ call: `${op.method} ${op.path} as ${caller} → ${res.status}`, ms: Date.now() - started });
        checked += 1;
        const ok = want === 'allowed' ? res.status !== 401 && res.status !== 403 : res.status === want;
        if (!ok) mismatches.push(`${op.method} ${op.path} as ${caller}: expected ${want}, got ${res.status}`);
      }
    }
    slowest.sort((a, b) => b.ms - a.ms);
    console.log(`role matrix: ${checked} calls over ${operations.length} operations × ${callers.length} callers; slowest: ${slowest.slice(0, 3).map((s) => `${s.call} ${s.ms} ms`).join(', ')}`);
    expect(mismatches).toEqual([]);
  });
});
