/* eslint-disable @typescript-eslint/no-explicit-any -- OpenAPI documents and replies are read as loose JSON */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type RunningApi } from './support/api-process';
import { client } from './support/client';
import { operationsOf, requestArbitrary, type FuzzRequest } from './support/openapi-fuzz';

/**
 * Property-based fuzzing of every operation in the API's OpenAPI document, with an admin key:
 * schema-shaped requests, the same with one hostile value (lone surrogates, NUL, huge numbers,
 * wrong types, unknown fields), and bodies that are not JSON. Every answer must come in time and
 * be below 500, and a write answered 4xx must leave the database as it was.
 *
 * FUZZ_REQUESTS (default 5000) and FUZZ_SEED reproduce or extend a run.
 */
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 5000);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const PER_REQUEST_TIMEOUT_MS = 30_000;
const READ_CONCURRENCY = 4;
/** Without a Temporal server (a run outside `npm test`) the operations that need it answer 503 by design. */
const TEMPORAL_AVAILABLE = Boolean(process.env.TEMPORAL_ADDRESS);
const needsTemporal = (path: string) => /^\/api\/(events|runs|system|health|reconciliations)\b|\/test-run$|\/response$/.test(path);

interface Failure {
  request: string;
  problem: string;
}

/**
 * One hash of everything a request could write (catalog, drafts, versions, keys, audit, orders).
 * Key use timestamps are left out: authenticating touches them, and that is not a write.
 */
async function fingerprintQuery(db: pg.Client): Promise<string> {
  const tables = (await db.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'migrations' ORDER BY 1`)).rows.map((r) => r.table_name);
  const row = (table: string) => (table === 'api_keys' ? `(t.id, t.name, t.role, t.providers, t.hash, t.revoked_at)::text` : 't::text');
  return `SELECT md5(concat_ws('#', ${tables.map((t) => `(SELECT md5(coalesce(string_agg(${row(t)}, '|' ORDER BY ${row(t)}), '')) FROM "${t}" t)`).join(', ')})) AS hash`;
}

const describeRequest = (r: FuzzRequest) => `${r.method} ${r.url.slice(0, 200)}${r.body === undefined ? '' : ` ${r.body.slice(0, 300)}`}`;

describe('fuzzing the API from its OpenAPI document', () => {
  let api: RunningApi;
  let db: pg.Client;

  beforeAll(async () => {
    api = await startApi({
      env: {
        SIGNALBOX_DEMO_CATALOG: 'auto',
        // Rate limits have their own test; here they would only hide the code behind them.
        SIGNALBOX_EXPENSIVE_CALLS_PER_MINUTE: '0',
        SIGNALBOX_INTEGRATION_CALLS_PER_MINUTE: '0',
        // Runs started by the fuzzer wait on a queue no worker polls.
        TEMPORAL_TASK_QUEUE: `fuzz-${randomUUID()}`,
      },
    });
    db = new pg.Client({ connectionString: api.databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await api?.stop();
  });

  it(`answers ${REQUESTS} generated requests below 500, in time, without partial writes`, { timeout: 15 * 60_000 }, async () => {
    const admin = client(api.url, api.adminKey);
    const doc = await (await fetch(`${api.url}/api/docs-json`)).json();
    const all = operationsOf(doc);
    expect(all.length).toBeGreaterThan(50);
    // The smoke check waits 30 s for a worker by design (and answers 503 without one): the runtime tests cover it.
    const operations = all.filter((op) => op.path !== '/api/system/smoke' && (TEMPORAL_AVAILABLE || !needsTemporal(op.path)));
    if (!TEMPORAL_AVAILABLE) console.log(`fuzz: no TEMPORAL_ADDRESS, so ${all.length - operations.length} operations that need Temporal are left out`);

    // Identifiers that exist, so generated requests get past "not found" into the code behind it.
    const exported = (await admin.get('/catalog/export')).body;
    const known = new Set<string>(['draft', '1', '2', 'TOP_UP', 'hss-main', randomUUID()]);
    for (const [kind, entries] of Object.entries<any>(exported)) {
      if (!Array.isArray(entries)) continue;
      for (const e of entries) for (const field of ['code', 'name', 'eventCode']) if (typeof e[field] === 'string') known.add(e[field]);
      if (kind === 'workflows') for (const w of entries) for (const n of w.draft?.nodes ?? []) known.add(n.id);
    }
    const throwaway = await admin.post('/keys', { name: 'fuzz throwaway', role: 'viewer' });
    known.add(throwaway.body.id);
    const identifiers = [...known];

    const generationStarted = Date.now();
    const requests = fc.sample(fc.oneof(...operations.map((op) => requestArbitrary(op, doc, identifiers))), { numRuns: REQUESTS, seed: SEED });

    const generationMs = Date.now() - generationStarted;
    const query = await fingerprintQuery(db);
    let fingerprints = 0;
    let fingerprintMs = 0;
    const fingerprint = async () => {
      const started = Date.now();
      const hash = (await db.query<{ hash: string }>(query)).rows[0].hash;
      fingerprints += 1;
      fingerprintMs += Date.now() - started;
      return hash;
    };
    let baseline = await fingerprint();
    const failures: Failure[] = [];
    const statuses = new Map<number, number>();

    const send = async (r: FuzzRequest): Promise<{ status: number; message: string } | undefined> => {
      const headers: Record<string, string> = { authorization: `Bearer ${api.adminKey}` };
      const body = r.method === 'GET' || r.method === 'HEAD' ? undefined : r.body;
      if (body !== undefined) headers['content-type'] = 'application/json';
      try {
        const res = await fetch(`${api.url}${r.url}`, { method: r.method, headers, body, signal: AbortSignal.timeout(PER_REQUEST_TIMEOUT_MS) });
        const text = await res.text();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        let message = '';
        try {
          message = String(JSON.parse(text)?.message ?? '');
        } catch {
          // not JSON (the docs page): no message
        }
        return { status: res.status, message };
      } catch (err) {
        failures.push({ request: describeRequest(r), problem: `no answer within ${PER_REQUEST_TIMEOUT_MS / 1000} s or connection failed: ${(err as Error).message}` });
        return undefined;
      }
    };
    const check5xx = (r: FuzzRequest, answer: { status: number; message: string }) => {
      if (answer.status < 500) return;
      failures.push({ request: describeRequest(r), problem: `${answer.status}: ${answer.message}` });
    };

    // Reads run a few at a time; each write runs alone between two fingerprints, so a change is its own.
    let pendingReads: FuzzRequest[] = [];
    const flushReads = async () => {
      for (let i = 0; i < pendingReads.length; i += READ_CONCURRENCY) {
        const chunk = pendingReads.slice(i, i + READ_CONCURRENCY);
        const answers = await Promise.all(chunk.map(send));
        chunk.forEach((r, j) => answers[j] && check5xx(r, answers[j]));
      }
      pendingReads = [];
    };
    for (const r of requests) {
      if (r.method === 'GET' || r.method === 'HEAD') {
        pendingReads.push(r);
        continue;
      }
      await flushReads();
      const answer = await send(r);
      if (!answer) continue;
      check5xx(r, answer);
      const after = await fingerprint();
      if (answer.status >= 400 && after !== baseline) failures.push({ request: describeRequest(r), problem: `answered ${answer.status} but changed the database (partial write)` });
      baseline = after;
      if (failures.length >= 20) break;
    }
    await flushReads();

    const sendingMs = Date.now() - generationStarted - generationMs;
    const summary = [...statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(' ');
    console.log(`fuzz: ${requests.length} requests over ${operations.length} operations, seed ${SEED}, generated in ${(generationMs / 1000).toFixed(1)} s, sent in ${(sendingMs / 1000).toFixed(1)} s (${fingerprints} fingerprints, ${(fingerprintMs / 1000).toFixed(1)} s): ${summary}`);
    expect(failures, `seed ${SEED} (FUZZ_SEED=${SEED} reproduces)`).toEqual([]);
    // The API is alive and answering at the end.
    expect((await fetch(`${api.url}/api/health`)).status).toBeLessThan(600);
    expect((await admin.get('/auth/me')).status).toBe(200);
  });
});
