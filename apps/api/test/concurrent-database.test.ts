// Defect 2 of issue 11: the former embedded database (PGlite over pglite-socket) mixed statements
// between connections under load: valid keys refused (401), existing entries missing (404), 500s,
// and orders sent with another run's subject. Concurrent readers and writers against the default
// database (the embedded PostgreSQL without DATABASE_URL) must each see exactly what was written.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type RunningApi } from './support/api-process';
import { client, type Client } from './support/client';
import { assertBuilt, eventually, startRuntimeStack, type RuntimeStack } from './runtime/runtime-stack';

const CLIENTS = 8;
const ROUNDS = 12;
const tag = () => randomBytes(3).toString('hex').toUpperCase();

/** Every answer that was not what it should have been, as `what → status body`. */
type Problems = string[];
const check = (problems: Problems, what: string, status: number, expected: number, body: unknown, ok = true) => {
  if (status !== expected || !ok) problems.push(`${what} → ${status} ${JSON.stringify(body).slice(0, 200)}`);
};

describe('concurrent readers and writers on the default database', () => {
  let api: RunningApi;
  let admin: Client;

  beforeAll(async () => {
    // A pool as large as production's, so requests really run on several connections at once.
    api = await startApi({ env: { DATABASE_POOL_SIZE: '10' } });
    admin = client(api.url, api.adminKey);
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('answers every read with what was written, and every valid key with its principal', async () => {
    const run = tag();
    const written: { type: string; code: string; name: string }[] = [];
    const problems: Problems = [];
    const keys = await Promise.all(
      Array.from({ length: CLIENTS / 2 }, async (_, i) => {
        const res = await admin.post('/keys', { name: `reader-${run}-${i}`, role: 'viewer' });
        check(problems, `POST /keys reader-${i}`, res.status, 201, res.body);
        return res.body?.key as string | undefined;
      }),
    );

    const writer = async (w: number) => {
      const type = `CT_${run}_${w}`;
      const created = await admin.post('/event-types', { code: type, name: `Type ${w}` });
      check(problems, `POST /event-types ${type}`, created.status, 201, created.body);
      for (let i = 0; i < ROUNDS; i++) {
        const entry = { code: `CC_${run}_${w}_${i}`, eventType: type, name: `Code ${w}.${i}` };
        const res = await admin.post('/event-codes', entry);
        check(problems, `POST /event-codes ${entry.code}`, res.status, 201, res.body);
        const back = await admin.get(`/event-codes/${entry.code}`);
        check(problems, `GET own /event-codes/${entry.code}`, back.status, 200, back.body, back.body?.name === entry.name && back.body?.eventType === type);
        if (res.status === 201) written.push({ type, code: entry.code, name: entry.name });
      }
    };
    const reader = async (r: number) => {
      const key = keys[r];
      if (!key) return;
      const me = client(api.url, key);
      for (let i = 0; i < ROUNDS * 2; i++) {
        const who = await me.get('/auth/me');
        check(problems, `GET /auth/me (reader ${r})`, who.status, 200, who.body, who.body?.role === 'viewer');
        const seen = written[(i * 7 + r) % Math.max(written.length, 1)];
        if (seen) {
          const entry = await me.get(`/event-codes/${seen.code}`);
          check(problems, `GET /event-codes/${seen.code} (reader ${r})`, entry.status, 200, entry.body, entry.body?.name === seen.name && entry.body?.eventType === seen.type);
        }
        const list = await me.get('/event-types');
        check(problems, `GET /event-types (reader ${r})`, list.status, 200, list.body, Array.isArray(list.body?.items));
      }
    };

    await Promise.all([...Array.from({ length: CLIENTS / 2 }, (_, w) => writer(w)), ...Array.from({ length: CLIENTS / 2 }, (_, r) => reader(r))]);

    expect(problems, `${problems.length} wrong answers; API log:\n${api.output().slice(-2000)}`).toEqual([]);
    expect(written).toHaveLength((CLIENTS / 2) * ROUNDS);
    // And all of it is there afterwards, under the type it was written with.
    for (const entry of written) expect((await admin.get(`/event-codes/${entry.code}`)).body).toMatchObject({ eventType: entry.type, name: entry.name });
  }, 180_000);
});

describe('concurrent runs on the default database', () => {
  let stack: RuntimeStack;

  beforeAll(async () => {
    assertBuilt();
    stack = await startRuntimeStack();
  }, 240_000);
  afterAll(async () => {
    await stack?.stop();
  });

  it("sends every run's order with that run's own subject", async () => {
    const base = 10_000_000 + Math.floor(Math.random() * 80_000_000);
    const subjects = Array.from({ length: CLIENTS * 2 }, (_, i) => ({
      msisdn: `4478${String(base + i).padStart(8, '0')}`,
      imsi: `23415${String(base + i).padStart(10, '0')}`,
      iccid: `894410${String(base + i).padStart(13, '0')}`,
    }));
    // 8 clients at once, two raises each, while the others read runs and orders.
    const raised = await Promise.all(
      Array.from({ length: CLIENTS }, async (_, c) => {
        const runIds: string[] = [];
        for (const subject of subjects.slice(c * 2, c * 2 + 2)) {
          const res = await stack.api('POST', '/api/events', { eventCode: 'SIM_SWAP', subject, idempotencyKey: `concurrent-${subject.msisdn}` });
          expect(res.status, JSON.stringify(res.body)).toBe(202);
          runIds.push(res.body.runs[0].runId);
          const listed = await stack.api('GET', '/api/runs?pageSize=20');
          expect(listed.status, JSON.stringify(listed.body)).toBe(200);
        }
        return runIds;
      }),
    );
    const runIds = raised.flat();

    const runs = await Promise.all(
      runIds.map((runId) =>
        eventually(`run ${runId} to end`, async () => {
          const res = await stack.api('GET', `/api/runs/${encodeURIComponent(runId)}`);
          return ['Completed', 'Failed', 'Cancelled'].includes(res.body?.status) ? res.body : undefined;
        }, 180_000),
      ),
    );
    for (const run of runs) expect(run.status, stack.logs()).toBe('Completed');

    const requests = (await stack.simulator('GET', '/control/requests?provider=hss-main&limit=1000')).body.items as { body: { serviceOrderId?: string; subject?: Record<string, string>; fields?: Record<string, unknown> } }[];
    const ours = new Set(subjects.map((s) => s.msisdn));
    const sent = requests.filter((r) => r.body?.serviceOrderId && ours.has(r.body.subject?.msisdn ?? ''));
    expect(sent.length).toBeGreaterThanOrEqual(runIds.length);
    const mismatches: string[] = [];
    for (const request of sent) {
      const order = await stack.api('GET', `/api/service-orders/${request.body.serviceOrderId}`);
      expect(order.status).toBe(200);
      const run = runs.find((r) => r.runId === order.body.runWorkflowId);
      const runMsisdn = run?.subject?.msisdn;
      const fieldsMsisdn = request.body.fields?.msisdn;
      if (runMsisdn !== request.body.subject?.msisdn || (fieldsMsisdn !== undefined && fieldsMsisdn !== runMsisdn)) {
        mismatches.push(`order ${order.body.id} of run ${order.body.runWorkflowId} (msisdn ${runMsisdn}) sent subject ${JSON.stringify(request.body.subject)} fields ${JSON.stringify(request.body.fields)}`);
      }
    }
    expect(mismatches).toEqual([]);
    // Every run's order reached the provider.
    expect(new Set(sent.map((r) => r.body.subject?.msisdn))).toEqual(ours);
  }, 300_000);
});
