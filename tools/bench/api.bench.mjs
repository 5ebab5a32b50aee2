// API benchmark (issue 9): event intake and catalog reads of the built API, each against a bare
// node:http server answering the same JSON in the same run.
//
//   catalog reads   GET /api/event-codes and GET /api/workflows/TOP_UP (the demo catalog), BENCH_CONNECTIONS
//                   (default 50) keep-alive connections asking back to back for BENCH_SECONDS (default 10)
//                   after a 2 s warm-up: requests/s, p50/p99/max latency, non-200 answers; then the same
//                   against a bare node:http server (a process of its own) answering the same bytes
//   intake          BENCH_INTAKE_EVENTS (default 10,000) TOP_UP raises through POST /api/events/batch,
//                   1,000 per request, BENCH_INTAKE_PARALLEL (default 2) requests at a time: events/s
//                   accepted (first request to last answer), then how long until the outbox has started
//                   every run on the bench's own Temporal dev server (no worker: runs only start)
//
// The load average is recorded before and after; ratios are withheld when the 1-minute load was
// above 1.5 at the start, unless BENCH_ALLOW_LOAD=1 (then they are printed marked as such).
// The load generator is this process (node:http with keep-alive agents), like autocannon's.
//
// BENCH_API_MAIN runs another build of the API instead of apps/api/dist/main.js (e.g. the commit
// before a change, built elsewhere), to compare builds on the same machine at the same load.
// BENCH_API_NODE_ARGS adds node flags to the API process, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"
// (the profile is written when the bench stops the API).
//
//   BENCH_OUT=/tmp/api.json npm run bench -- api
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import { createTestDatabase, freePort, repoRoot } from '@signalbox/tools/infra';
import { ensureTemporalBinary, startDevServer } from '@signalbox/tools/temporal';
import { waitFor } from '@signalbox/tools/wait';

const ROOT = repoRoot();
const CONNECTIONS = positive('BENCH_CONNECTIONS', 50);
const SECONDS = positive('BENCH_SECONDS', 10);
const INTAKE_EVENTS = positive('BENCH_INTAKE_EVENTS', 10_000);
const INTAKE_PARALLEL = positive('BENCH_INTAKE_PARALLEL', 2);
const BATCH = 1000;
const MAX_LOAD = 1.5;
const GOALS = { intakeEventsPerSecond: 1000, readP99Ms: 20 };

function positive(name, fallback) {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive whole number`);
  return value;
}

const log = (message) => console.log(`[bench] ${message}`);
const fmt = (n, digits = 1) => (n === undefined ? '–' : n.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits }));

class Child {
  constructor(name, args, env) {
    this.name = name;
    this.output = '';
    this.process = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    for (const stream of [this.process.stdout, this.process.stderr]) stream.on('data', (chunk) => (this.output = (this.output + chunk).slice(-6000)));
    this.exited = new Promise((resolve) => this.process.once('exit', resolve));
  }

  get running() {
    return this.process.exitCode === null && this.process.signalCode === null;
  }

  async stop() {
    if (!this.running) return;
    const killer = setTimeout(() => this.process.kill('SIGKILL'), 10_000);
    this.process.kill('SIGTERM');
    await this.exited;
    clearTimeout(killer);
  }
}

function percentile(sorted, p) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : undefined;
}

/** One request on a keep-alive agent; resolves with the status once the body is read. */
function request(agent, url, headers) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, headers }, (res) => {
      res.on('data', () => {});
      res.on('end', () => resolve(res.statusCode));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

/** `connections` loops asking `url` back to back for `seconds`: requests/s and latency percentiles in ms. */
async function load(url, headers, seconds, connections) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const latencies = [];
  let failed = 0;
  const statuses = {};
  const end = Date.now() + seconds * 1000;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < end) {
        const t0 = process.hrtime.bigint();
        try {
          const status = await request(agent, url, headers);
          statuses[status] = (statuses[status] ?? 0) + 1;
          if (status !== 200) failed += 1;
        } catch {
          failed += 1;
        }
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    }),
  );
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { requests: latencies.length, requestsPerSecond: latencies.length / elapsed, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), maxMs: latencies.at(-1), non200: failed, statuses };
}

/** A bare node:http server (a process of its own, like the API) answering `body` to every request. */
async function bareServer(body) {
  const port = await freePort();
  const script = `const body = Buffer.from(process.env.BODY); require('node:http').createServer((req, res) => { res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length }); res.end(body); }).listen(${port}, '127.0.0.1', () => console.log('listening'));`;
  const child = new Child('bare server', ['-e', script], { BODY: body });
  await waitFor(() => /listening/.test(child.output), { timeout: 30_000, interval: 100, message: 'the bare server to listen', failIf: () => (child.running ? undefined : child.output) });
  return { url: `http://127.0.0.1:${port}`, stop: () => child.stop() };
}

async function json(method, url, body, headers) {
  const res = await fetch(url, { method, headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${url} answered ${res.status}: ${text.slice(0, 500)}`);
  return { body: text ? JSON.parse(text) : null, text };
}

async function main() {
  const loadBefore = os.loadavg();
  log(`load average at start: ${loadBefore.map((l) => l.toFixed(2)).join(' ')} (${os.cpus().length} cores)`);
  const stops = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await Promise.resolve(stop()).catch(() => {});
  };
  process.once('SIGINT', () => void stopAll().then(() => process.exit(130)));
  try {
    const binary = await ensureTemporalBinary({ log: (m) => log(`temporal: ${m}`) });
    const temporal = await startDevServer({ binary, port: await freePort(), headless: true });
    stops.push(() => temporal.stop());
    const database = await createTestDatabase();
    stops.push(() => database.drop());
    const port = await freePort();
    const apiUrl = `http://127.0.0.1:${port}`;
    const adminKey = `sbx_${randomUUID().replace(/-/g, '').slice(0, 12)}_${randomUUID().replace(/-/g, '')}`;
    const apiNodeArgs = (process.env.BENCH_API_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
    const api = new Child('api', [...apiNodeArgs, process.env.BENCH_API_MAIN ?? 'apps/api/dist/main.js'], {
      DATABASE_URL: database.url, SIGNALBOX_SECRET_KEY: Buffer.from(randomUUID().replace(/-/g, '')).toString('base64'),
      TEMPORAL_ADDRESS: temporal.address, TEMPORAL_NAMESPACE: temporal.namespace, TEMPORAL_TASK_QUEUE: `bench-api-${randomUUID().slice(0, 8)}`,
      PORT: String(port), HOST: '127.0.0.1', SIGNALBOX_ADMIN_KEY: adminKey, SIGNALBOX_DEMO_CATALOG: 'auto', SIGNALBOX_EXPENSIVE_CALLS_PER_MINUTE: '0', LOG_LEVEL: 'warn',
    });
    stops.push(() => api.stop());
    await waitFor(async () => (await fetch(`${apiUrl}/api/health`).catch(() => ({ status: 0 }))).status === 200, { timeout: 120_000, interval: 300, message: 'the API to be ready', failIf: () => (api.running ? undefined : `it exited:\n${api.output}`) });
    const auth = { authorization: `Bearer ${adminKey}` };
    log(`API ${apiUrl}, Temporal ${temporal.address}, database: ${database.kind}`);

    const reads = {};
    for (const [name, route] of [['eventCodes', '/api/event-codes'], ['workflow', '/api/workflows/TOP_UP']]) {
      const { text } = await json('GET', `${apiUrl}${route}`, undefined, auth);
      await load(`${apiUrl}${route}`, auth, 2, CONNECTIONS);
      const signalbox = await load(`${apiUrl}${route}`, auth, SECONDS, CONNECTIONS);
      const bare = await bareServer(text);
      await load(bare.url, {}, 2, CONNECTIONS);
      const baseline = await load(bare.url, {}, SECONDS, CONNECTIONS);
      await bare.stop();
      reads[name] = { route, bytes: text.length, signalbox, bare: baseline, ratio: signalbox.requestsPerSecond / baseline.requestsPerSecond };
      log(`GET ${route} (${text.length} bytes, ${CONNECTIONS} connections, ${SECONDS} s): ${fmt(signalbox.requestsPerSecond, 0)} req/s, p50 ${fmt(signalbox.p50Ms)} ms, p99 ${fmt(signalbox.p99Ms)} ms, max ${fmt(signalbox.maxMs)} ms, non-200 ${signalbox.non200}; bare node:http ${fmt(baseline.requestsPerSecond, 0)} req/s, p99 ${fmt(baseline.p99Ms)} ms`);
    }

    // Intake: batches of 1,000 raises, INTAKE_PARALLEL requests in flight.
    const batches = Array.from({ length: Math.ceil(INTAKE_EVENTS / BATCH) }, (_, b) =>
      Array.from({ length: Math.min(BATCH, INTAKE_EVENTS - b * BATCH) }, (_, i) => ({ eventCode: 'TOP_UP', subject: { msisdn: `4477${String(10_000_000 + b * BATCH + i)}`, accountId: `BENCH-${b}-${i}` }, data: { amount: 10 }, idempotencyKey: `bench-${randomUUID()}` })),
    );
    const lastIds = [];
    let accepted = 0;
    let next = 0;
    const t0 = Date.now();
    await Promise.all(
      Array.from({ length: Math.min(INTAKE_PARALLEL, batches.length) }, async () => {
        while (next < batches.length) {
          const events = batches[next++];
          const { body } = await json('POST', `${apiUrl}/api/events/batch`, { events }, auth);
          const runs = body.results.flatMap((r) => r.runs);
          // A build before the intake outbox starts the runs before it answers (`started`).
          accepted += runs.filter((r) => r.status === 'queued' || r.started === true).length;
          if (runs.at(-1).status) lastIds.push(runs.at(-1).runId);
        }
      }),
    );
    const acceptedMs = Date.now() - t0;
    await waitFor(
      async () => {
        for (const id of lastIds) if ((await json('GET', `${apiUrl}/api/events/intake/${encodeURIComponent(id)}`, undefined, auth)).body.status === 'queued') return false;
        return true;
      },
      { timeout: 600_000, interval: 100, message: 'the outbox to start every accepted run' },
    );
    const startedMs = Date.now() - t0;
    const intake = { events: INTAKE_EVENTS, accepted, acceptedMs, eventsPerSecond: (accepted / acceptedMs) * 1000, startedMs, startedPerSecond: (accepted / startedMs) * 1000 };
    log(`intake: ${accepted} of ${INTAKE_EVENTS} events accepted in ${fmt(acceptedMs / 1000, 2)} s: ${fmt(intake.eventsPerSecond, 0)} events/s; all started on Temporal after ${fmt(startedMs / 1000, 2)} s (${fmt(intake.startedPerSecond, 0)} runs/s)`);

    const loadAfter = os.loadavg();
    log(`load average at end: ${loadAfter.map((l) => l.toFixed(2)).join(' ')}`);
    const busy = loadBefore[0] > MAX_LOAD;
    const allow = process.env.BENCH_ALLOW_LOAD === '1';
    if (busy && !allow) {
      log(`the 1-minute load was ${loadBefore[0].toFixed(2)} (> ${MAX_LOAD}) at the start: ratios withheld (BENCH_ALLOW_LOAD=1 prints them anyway)`);
    } else {
      const mark = busy ? ' (busy machine: indications only)' : '';
      for (const [name, r] of Object.entries(reads)) log(`${name}: ${fmt(r.ratio, 3)}× the bare server's requests/s; p99 ${fmt(r.signalbox.p99Ms)} ms (goal < ${GOALS.readP99Ms} ms)${mark}`);
      log(`intake ${fmt(intake.eventsPerSecond, 0)} events/s (goal ≥ ${GOALS.intakeEventsPerSecond})${mark}`);
    }
    const out = { reads, intake, load: { before: loadBefore, after: loadAfter, ratiosWithheld: busy && !allow }, connections: CONNECTIONS, seconds: SECONDS };
    if (process.env.BENCH_OUT) await writeFile(process.env.BENCH_OUT, JSON.stringify(out, null, 2));
  } finally {
    await stopAll();
  }
}

// Exits once done: the embedded PostgreSQL's server process (tools/test/infra) is stopped when this
// process exits, and it would otherwise keep the process, and `npm run bench`, waiting.
main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
