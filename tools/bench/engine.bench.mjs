// Engine benchmark (issue 9): Signalbox against a plain Temporal workflow making the same provider
// calls, on one Temporal dev server, one database and one simulator, in the same run.
//
//   anchor          tools/bench/anchor: the six-step flow written by hand with Temporal alone
//                   (five activities, each one HTTP POST to the simulator), started by the client
//   signalbox       the same flow published in Signalbox (provisioning confirmed A → S → R, a
//                   decision, an SMS, a credit-control bar), raised through POST /api/events/batch
//                   and run by the built worker (apps/worker/dist): end to end, accepted → completed
//   *-200ms         the same with every simulated provider answering in 200 ms
//
// Batches alternate (anchor, signalbox, anchor-200ms, signalbox-200ms) BENCH_ROUNDS times after a
// warm-up. Each prints runs/s, p50/p95 raise-to-complete, p50 raise-to-first-provider-request,
// history events per run counting every workflow execution the run causes (the per-service queue
// executions too), workflow tasks per run, CPU seconds per run of the worker(s), Temporal and the
// API, and the ratios to the anchor. Then BENCH_SINGLE runs of each, one at a time, on the idle
// stack (first-request latency of a single run). Everything is written as JSON to BENCH_OUT.
// The load average is recorded before and after; ratios are withheld when the 1-minute load was
// above 1.5 at the start, unless BENCH_ALLOW_LOAD=1 (then they are printed marked as such).
//
//   BENCH_EVENTS=100 BENCH_OUT=/tmp/engine.json npm run bench -- engine
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import { Client, Connection, WorkflowFailedError, WorkflowNotFoundError } from '@temporalio/client';
import protos from '@temporalio/proto';
import { temporalConnectionFromVariables } from '@signalbox/contracts/temporal-connection';
import { createTestDatabase, freePort, repoRoot } from '@signalbox/tools/infra';
import { ensureTemporalBinary, startDevServer } from '@signalbox/tools/temporal';
import { waitFor } from '@signalbox/tools/wait';
import { benchCatalog, BENCH_EVENT_CODE, BENCH_PARK_CODE, BENCH_PROVIDERS } from './engine.catalog.mjs';

const ROOT = repoRoot();
const N = positive('BENCH_EVENTS', 100);
const ROUNDS = positive('BENCH_ROUNDS', 1);
const SINGLE = positive('BENCH_SINGLE', 5);
/** Runs parked on a wait to weigh in each worker's memory at the end (0: not measured). */
const PARKED = Number(process.env.BENCH_PARKED ?? 0);
const WARM_UP = Math.min(10, N);
/** Runs whose histories are counted (each with its queue executions). */
const HISTORY_SAMPLE = 5;
const SLOW_MS = 200;
const MAX_LOAD = 1.5;
const GOALS = { throughput: 0.5, historyPerStep: 2, firstRequestMs: 100 };
const EVENT_TYPE = protos.temporal.api.enums.v1.EventType;

function positive(name, fallback) {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive whole number`);
  return value;
}

function log(message) {
  console.log(`[bench] ${message}`);
}

/** A child process whose output is kept for the error message; its CPU time is read from /proc. */
class Child {
  constructor(name, command, args, env) {
    this.name = name;
    this.output = '';
    this.process = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    for (const stream of [this.process.stdout, this.process.stderr]) stream.on('data', (chunk) => (this.output = (this.output + chunk).slice(-6000)));
    this.exited = new Promise((resolve) => this.process.once('exit', resolve));
  }

  get running() {
    return this.process.exitCode === null && this.process.signalCode === null;
  }

  async ready(pattern, timeoutMs = 120_000) {
    await waitFor(() => pattern.test(this.output), { timeout: timeoutMs, interval: 200, message: `${this.name} to be ready`, failIf: () => (this.running ? undefined : `it exited:\n${this.output}`) });
  }

  async stop() {
    if (!this.running) return;
    const killer = setTimeout(() => this.process.kill('SIGKILL'), 10_000);
    this.process.kill('SIGTERM');
    await this.exited;
    clearTimeout(killer);
  }
}

const CLOCK_TICKS = 100;

/** User + system CPU seconds of a process (Linux /proc), or undefined when it cannot be read. */
function cpuSeconds(pid) {
  if (!pid) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

function rssMiB(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024);
  } catch {
    return undefined;
  }
}

function percentile(values, p) {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function http(method, url, body, headers = {}) {
  const res = await fetch(url, { method, headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  const parsed = text ? JSON.parse(text) : null;
  if (!res.ok) throw new Error(`${method} ${url} answered ${res.status}: ${text.slice(0, 500)}`);
  return parsed;
}

/**
 * A run's result. A batch raise answers once its runs are accepted (the intake outbox), and the
 * API starts them right after: until then the workflow is not there yet.
 */
async function resultOf(handle) {
  for (;;) {
    try {
      return await handle.result();
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

async function main() {
  const loadBefore = os.loadavg();
  log(`load average at start: ${loadBefore.map((l) => l.toFixed(2)).join(' ')} (${os.cpus().length} cores)`);
  const children = [];
  const cleanups = [];
  const stopAll = async () => {
    for (const child of [...children].reverse()) await child.stop().catch(() => {});
    for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch(() => {});
  };
  process.once('SIGINT', () => void stopAll().then(() => process.exit(130)));
  try {
    // Temporal: a server of the bench's own (so its CPU is measured), unless TEMPORAL_ADDRESS names one.
    let temporal;
    if (process.env.TEMPORAL_ADDRESS) {
      temporal = { address: process.env.TEMPORAL_ADDRESS, namespace: process.env.TEMPORAL_NAMESPACE ?? 'default', pid: undefined };
    } else {
      const binary = await ensureTemporalBinary({ log: (m) => log(`temporal: ${m}`) });
      // On a machine shared with other test runs an internal port can be taken between choosing
      // and binding it (the server then exits at start): try again on fresh ports.
      let server;
      for (let attempt = 1; !server; attempt += 1) {
        try {
          server = await startDevServer({ binary, port: await freePort(), headless: true });
        } catch (err) {
          if (attempt >= 3) throw err;
          log(`the Temporal dev server did not start (attempt ${attempt}), trying again`);
        }
      }
      cleanups.push(() => server.stop());
      temporal = { address: server.address, namespace: server.namespace, pid: server.process.pid };
    }
    const database = await createTestDatabase();
    cleanups.push(() => database.drop());
    log(`Temporal ${temporal.address}${temporal.pid ? '' : ' (shared: its CPU is not measured)'}, database: ${database.kind}`);

    const [apiPort, simPort, tcpPort, smtpPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    const simulatorUrl = `http://127.0.0.1:${simPort}`;
    const taskQueue = `bench-${randomUUID().slice(0, 8)}`;
    const anchorQueue = `${taskQueue}-anchor`;
    const adminKey = `sbx_${randomUUID().replace(/-/g, '').slice(0, 12)}_${randomUUID().replace(/-/g, '')}`;
    const node = process.execPath;

    const simulator = new Child('simulator', node, ['apps/network-simulator/dist/main.js'], {
      SIMULATOR_HOST: '127.0.0.1', SIMULATOR_PORT: String(simPort), SIMULATOR_TCP_PORT: String(tcpPort), SIMULATOR_SMTP_PORT: String(smtpPort),
    });
    children.push(simulator);
    await simulator.ready(/listening on/);
    const shared = {
      DATABASE_URL: database.url, SIGNALBOX_SECRET_KEY: Buffer.from(randomUUID().replace(/-/g, '')).toString('base64'),
      TEMPORAL_ADDRESS: temporal.address, TEMPORAL_NAMESPACE: temporal.namespace, TEMPORAL_TASK_QUEUE: taskQueue,
      SIMULATOR_URL: simulatorUrl, SIGNALBOX_INDEX_PERSONAL_KEYS: 'true', LOG_LEVEL: 'warn',
    };
    const api = new Child('api', node, ['apps/api/dist/main.js'], {
      ...shared, PORT: String(apiPort), HOST: '127.0.0.1', SIGNALBOX_ADMIN_KEY: adminKey, SIGNALBOX_DEMO_CATALOG: 'off', SIGNALBOX_EXPENSIVE_CALLS_PER_MINUTE: '0',
    });
    children.push(api);
    await waitFor(async () => (await fetch(`${apiUrl}/api/health`).catch(() => ({ status: 0 }))).status === 200, { timeout: 120_000, interval: 300, message: 'the API to be ready', failIf: () => (api.running ? undefined : `it exited:\n${api.output}`) });
    // BENCH_WORKER_NODE_ARGS: extra node flags for the Signalbox worker, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"
    // (NODE_OPTIONS refuses --cpu-prof); the profile is written when the worker exits at the end.
    const workerNodeArgs = (process.env.BENCH_WORKER_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
    const worker = new Child('worker', node, [...workerNodeArgs, 'apps/worker/dist/main.js'], { ...shared, SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtpPort), SIGNALBOX_CALLBACK_URL: apiUrl });
    children.push(worker);
    const anchorWorker = new Child('anchor worker', node, ['tools/bench/anchor/anchor-worker.mjs'], { TEMPORAL_ADDRESS: temporal.address, TEMPORAL_NAMESPACE: temporal.namespace, ANCHOR_TASK_QUEUE: anchorQueue });
    children.push(anchorWorker);
    await worker.ready(/worker ready/);
    await anchorWorker.ready(/anchor worker ready/);

    const auth = { authorization: `Bearer ${adminKey}` };
    await http('POST', `${apiUrl}/api/catalog/import`, benchCatalog(simulatorUrl), auth);

    // Against a cluster of your own (TEMPORAL_ADDRESS set), its TLS, mTLS or API key settings apply as in the apps.
    const { options } = process.env.TEMPORAL_ADDRESS ? temporalConnectionFromVariables(process.env) : { options: { address: temporal.address, tls: false } };
    const connection = await Connection.connect(options);
    cleanups.push(() => connection.close());
    const client = new Client({ connection, namespace: temporal.namespace });
    const pids = { worker: worker.process.pid, anchorWorker: anchorWorker.process.pid, temporal: temporal.pid, api: api.process.pid };
    const endpoints = { hss: `${simulatorUrl}/providers/${BENCH_PROVIDERS.hss}`, ocs: `${simulatorUrl}/providers/${BENCH_PROVIDERS.ocs}`, sms: `${simulatorUrl}/providers/sms-gateway` };

    const setLatency = async (latencyMs) => {
      for (const code of [BENCH_PROVIDERS.hss, BENCH_PROVIDERS.ocs, 'sms-gateway']) await http('PUT', `${simulatorUrl}/control/providers/${code}`, { latencyMs });
    };

    const subjects = (tag, count) =>
      Array.from({ length: count }, (_, i) => {
        const id = `${tag}-${i}-${randomUUID().slice(0, 8)}`;
        return { serviceId: id, msisdn: `4477${String(10_000_000 + Math.floor(Math.random() * 89_999_999))}` };
      });

    /** Each kind of batch: starts the runs, returns { raisedAt: Map(serviceId → ms), done: Promise of per-run results }. */
    const kinds = {
      anchor: async (batch) => {
        const raisedAt = new Map();
        const runs = await Promise.all(
          batch.map(async (subject) => {
            const t0 = Date.now();
            raisedAt.set(subject.serviceId, t0);
            const handle = await client.workflow.start('plainAnchorWorkflow', { workflowId: `anchor:${subject.serviceId}`, taskQueue: anchorQueue, args: [{ endpoints, subject }] });
            return { subject, handle, t0 };
          }),
        );
        return { raisedAt, runs, acceptedMs: undefined };
      },
      signalbox: async (batch) => {
        const raisedAt = new Map();
        const runs = [];
        let acceptedMs = 0;
        for (let at = 0; at < batch.length; at += 1000) {
          const chunk = batch.slice(at, at + 1000);
          const t0 = Date.now();
          for (const subject of chunk) raisedAt.set(subject.serviceId, t0);
          const answer = await http('POST', `${apiUrl}/api/events/batch`, { events: chunk.map((subject) => ({ eventCode: BENCH_EVENT_CODE, subject, data: {}, idempotencyKey: subject.serviceId })) }, auth);
          acceptedMs += Date.now() - t0;
          for (const result of answer.results) {
            const subject = chunk[result.index];
            runs.push({ subject, handle: client.workflow.getHandle(result.runs[0].runId), t0 });
          }
        }
        return { raisedAt, runs, acceptedMs };
      },
    };

    /** Simulator's record: first request per service id, in ms since the epoch. */
    const firstRequests = async () => {
      const first = new Map();
      for (const provider of [BENCH_PROVIDERS.hss]) {
        const { items } = await http('GET', `${simulatorUrl}/control/requests?provider=${provider}`);
        for (const item of items) {
          const serviceId = item.body?.subject?.serviceId;
          if (!serviceId) continue;
          const at = Date.parse(item.at);
          if (!first.has(serviceId) || first.get(serviceId) > at) first.set(serviceId, at);
        }
      }
      return first;
    };

    /** Every execution a run causes: its own, plus each execution of its service's queue workflow. */
    const historyOf = async (kind, run) => {
      const executions = [await run.handle.fetchHistory()];
      if (kind === 'signalbox') {
        const queueId = `service:${run.subject.serviceId}`;
        // Runs since patched('slot-rows') hold their slots as database rows and start no queue;
        // an older build's queue finishes a second after its last order: count it once closed.
        const queueOpen = async () => {
          try {
            return (await client.workflow.getHandle(queueId).describe()).status.name === 'RUNNING';
          } catch {
            return false; // never started
          }
        };
        await waitFor(async () => !(await queueOpen()), { timeout: 30_000, interval: 250, message: `${queueId} to close` }).catch(() => {});
        for await (const execution of client.workflow.list({ query: `WorkflowId = '${queueId}'` })) {
          executions.push(await client.workflow.getHandle(queueId, execution.runId).fetchHistory());
        }
      }
      const count = (type) => executions.reduce((sum, h) => sum + h.events.filter((e) => e.eventType === type).length, 0);
      return {
        executions: executions.length,
        events: executions.reduce((sum, h) => sum + h.events.length, 0),
        ownEvents: executions[0].events.length,
        workflowTasks: count(EVENT_TYPE.EVENT_TYPE_WORKFLOW_TASK_COMPLETED),
        activities: count(EVENT_TYPE.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED),
      };
    };

    const cpuNow = () => Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuSeconds(pid)]));

    const runBatch = async (kind, latencyMs, count, { measureHistory = true } = {}) => {
      await setLatency(latencyMs);
      const batch = subjects(`${kind}${latencyMs ? '-slow' : ''}`, count);
      const cpuBefore = cpuNow();
      const started = Date.now();
      const { raisedAt, runs, acceptedMs } = await kinds[kind](batch);
      const latencies = [];
      let failed = 0;
      let lastDone = started;
      await Promise.all(
        runs.map(async (run) => {
          try {
            await resultOf(run.handle);
          } catch (err) {
            if (!(err instanceof WorkflowFailedError)) throw err;
            failed += 1;
          }
          const done = Date.now();
          lastDone = Math.max(lastDone, done);
          latencies.push(done - run.t0);
        }),
      );
      const elapsed = lastDone - started;
      const cpuAfter = cpuNow();
      const first = await firstRequests();
      const firstLatencies = batch.filter((s) => first.has(s.serviceId)).map((s) => first.get(s.serviceId) - raisedAt.get(s.serviceId));
      const result = {
        kind, latencyMs, runs: count, failed,
        runsPerSecond: (count * 1000) / elapsed,
        p50Ms: percentile(latencies, 50), p95Ms: percentile(latencies, 95),
        firstRequestP50Ms: percentile(firstLatencies, 50),
        ...(acceptedMs !== undefined ? { intakeEventsPerSecond: (count * 1000) / Math.max(1, acceptedMs) } : {}),
        cpuSecondsPerRun: Object.fromEntries(Object.keys(pids).map((name) => [name, cpuBefore[name] === undefined ? null : (cpuAfter[name] - cpuBefore[name]) / count])),
        workerRssMiB: rssMiB(kind === 'anchor' ? pids.anchorWorker : pids.worker),
      };
      if (measureHistory) {
        const sample = await Promise.all(runs.slice(0, HISTORY_SAMPLE).map((run) => historyOf(kind, run)));
        const avg = (key) => sample.reduce((sum, s) => sum + s[key], 0) / sample.length;
        Object.assign(result, { historyEventsPerRun: avg('events'), ownHistoryEventsPerRun: avg('ownEvents'), executionsPerRun: avg('executions'), workflowTasksPerRun: avg('workflowTasks'), activitiesPerRun: avg('activities') });
      }
      return { result, runs };
    };

    log(`warming up (${WARM_UP} runs of each)…`);
    await runBatch('anchor', 0, WARM_UP, { measureHistory: false });
    const warm = await runBatch('signalbox', 0, WARM_UP, { measureHistory: false });
    if (warm.result.failed > 0) {
      const sampleRun = warm.runs[0];
      throw new Error(`Signalbox runs failed during the warm-up (${warm.result.failed}/${WARM_UP}): ${JSON.stringify(await sampleRun.handle.describe().then((d) => d.status.name))}\n${worker.output.slice(-2000)}`);
    }

    const results = { anchor: [], signalbox: [], anchorSlow: [], signalboxSlow: [] };
    for (let round = 1; round <= ROUNDS; round += 1) {
      for (const [key, kind, latencyMs] of [['anchor', 'anchor', 0], ['signalbox', 'signalbox', 0], ['anchorSlow', 'anchor', SLOW_MS], ['signalboxSlow', 'signalbox', SLOW_MS]]) {
        log(`round ${round}/${ROUNDS}: ${N} events, ${kind}${latencyMs ? ` with ${latencyMs} ms providers` : ''}…`);
        const { result } = await runBatch(kind, latencyMs, N);
        results[key].push(result);
        log(`  ${result.runsPerSecond.toFixed(1)} runs/s, p50 ${result.p50Ms} ms, ${result.failed} failed`);
      }
    }

    log(`${SINGLE} single runs of each, one at a time, on the idle stack…`);
    const single = {};
    for (const kind of ['anchor', 'signalbox']) {
      const first = [];
      const complete = [];
      for (let i = 0; i < SINGLE; i += 1) {
        const { result } = await runBatch(kind, 0, 1, { measureHistory: false });
        first.push(result.firstRequestP50Ms);
        complete.push(result.p50Ms);
      }
      single[kind] = { firstRequestP50Ms: percentile(first, 50), completeP50Ms: percentile(complete, 50) };
    }
    const parked = PARKED > 0 ? await weighParkedRuns() : undefined;
    const loadAfter = os.loadavg();

    /**
     * Worker memory per parked run: RSS of each worker before and after PARKED runs are parked in
     * its cache (Signalbox: runs of BENCH_PARK waiting at their wait node, raised through the API;
     * anchor: plain workflows waiting for a signal). Parked means counted in RunStatus=Waiting.
     */
    async function weighParkedRuns() {
      const weigh = async (kind, start, query) => {
        const pid = kind === 'anchor' ? pids.anchorWorker : pids.worker;
        const before = rssMiB(pid);
        await start();
        const t0 = Date.now();
        await waitFor(async () => (await client.workflow.count(query)).count >= PARKED, { timeout: 600_000, interval: 1000, message: `${PARKED} ${kind} runs to park` });
        const after = rssMiB(pid);
        const result = { runs: PARKED, rssBeforeMiB: before, rssAfterMiB: after, mibPer1000: ((after - before) / PARKED) * 1000, parkSeconds: (Date.now() - t0) / 1000 };
        log(`  ${kind}: ${PARKED} runs parked in ${result.parkSeconds.toFixed(0)} s; worker RSS ${before} → ${after} MiB = ${result.mibPer1000.toFixed(0)} MiB per 1,000 parked`);
        return result;
      };
      log(`parking ${PARKED} runs of each to weigh the workers' memory…`);
      const tag = randomUUID().slice(0, 8);
      const anchor = await weigh(
        'anchor',
        async () => {
          for (let at = 0; at < PARKED; at += 100) {
            await Promise.all(Array.from({ length: Math.min(100, PARKED - at) }, (_, i) => client.workflow.start('parkedAnchorWorkflow', { workflowId: `parked:${tag}:${at + i}`, taskQueue: anchorQueue })));
          }
        },
        `WorkflowType = 'parkedAnchorWorkflow' AND RunStatus = 'Waiting'`,
      );
      const signalbox = await weigh(
        'signalbox',
        async () => {
          for (let at = 0; at < PARKED; at += 1000) {
            const events = Array.from({ length: Math.min(1000, PARKED - at) }, (_, i) => ({ eventCode: BENCH_PARK_CODE, subject: { serviceId: `parked-${tag}-${at + i}` }, data: {}, idempotencyKey: `parked-${tag}-${at + i}` }));
            await http('POST', `${apiUrl}/api/events/batch`, { events }, auth);
          }
        },
        `EventCode = '${BENCH_PARK_CODE}' AND RunStatus = 'Waiting'`,
      );
      return { anchor, signalbox, ratio: signalbox.mibPer1000 / Math.max(1, anchor.mibPer1000) };
    }

    // Figures: the median batch of each kind over the rounds (by throughput).
    const median = (list) => [...list].sort((a, b) => a.runsPerSecond - b.runsPerSecond)[Math.floor(list.length / 2)];
    const summary = Object.fromEntries(Object.entries(results).map(([key, list]) => [key, median(list)]));
    const busy = loadBefore[0] > MAX_LOAD;
    const allowLoad = process.env.BENCH_ALLOW_LOAD === '1';
    const STEPS = 6;
    const ratioOf = (ours, anchor) => ({
      throughput: ours.runsPerSecond / anchor.runsPerSecond,
      history: ours.historyEventsPerRun / anchor.historyEventsPerRun,
      historyPerStep: ours.historyEventsPerRun / STEPS / (anchor.historyEventsPerRun / STEPS),
      workflowTasks: ours.workflowTasksPerRun / anchor.workflowTasksPerRun,
      p50: ours.p50Ms / anchor.p50Ms,
    });
    const ratios = busy && !allowLoad ? null : { fast: ratioOf(summary.signalbox, summary.anchor), slow: ratioOf(summary.signalboxSlow, summary.anchorSlow) };

    const fmt = (v, digits = 1) => (v === undefined || v === null ? '–' : typeof v === 'number' ? v.toFixed(digits) : String(v));
    console.log('');
    console.log(`six-step flow, ${N} events per batch, ${ROUNDS} round(s), median batch shown; database ${database.kind}`);
    console.log(['workflow'.padEnd(18), 'runs/s', 'p50 ms', 'p95 ms', '1st req p50', 'events/run', '(own)', 'wf tasks', 'cpu wkr s/run', 'cpu tmp s/run', 'cpu api s/run', 'failed'].map((h, i) => (i ? h.padStart(13) : h)).join(''));
    for (const [key, r] of Object.entries(summary)) {
      const workerCpu = r.kind === 'anchor' ? r.cpuSecondsPerRun.anchorWorker : r.cpuSecondsPerRun.worker;
      console.log(
        [key.padEnd(18), fmt(r.runsPerSecond), fmt(r.p50Ms, 0), fmt(r.p95Ms, 0), fmt(r.firstRequestP50Ms, 0), fmt(r.historyEventsPerRun), fmt(r.ownHistoryEventsPerRun), fmt(r.workflowTasksPerRun), fmt(workerCpu, 3), fmt(r.cpuSecondsPerRun.temporal, 3), fmt(r.kind === 'anchor' ? null : r.cpuSecondsPerRun.api, 3), String(r.failed)]
          .map((c, i) => (i ? c.padStart(13) : c))
          .join(''),
      );
    }
    console.log(`intake (POST /api/events/batch, ${N} events): ${fmt(summary.signalbox.intakeEventsPerSecond, 0)} events/s accepted`);
    console.log(`single run on the idle stack: first provider request p50 anchor ${single.anchor.firstRequestP50Ms} ms, Signalbox ${single.signalbox.firstRequestP50Ms} ms (goal ≤ ${GOALS.firstRequestMs} ms); complete p50 ${single.anchor.completeP50Ms} / ${single.signalbox.completeP50Ms} ms`);
    if (parked) console.log(`parked runs (${PARKED} each): worker memory ${fmt(parked.signalbox.mibPer1000, 0)} MiB per 1,000 for Signalbox (goal ≤ 100), ${fmt(parked.anchor.mibPer1000, 0)} for the plain anchor (×${fmt(parked.ratio)})`);
    console.log(`load average: start ${loadBefore.map((l) => l.toFixed(2)).join(' ')}, end ${loadAfter.map((l) => l.toFixed(2)).join(' ')}`);
    if (!ratios) {
      console.log(`ratios withheld: the 1-minute load was ${loadBefore[0].toFixed(2)} > ${MAX_LOAD} at the start (other work on the machine). BENCH_ALLOW_LOAD=1 prints them anyway.`);
    } else {
      if (busy) console.log(`ratios on a BUSY machine (load ${loadBefore[0].toFixed(2)} > ${MAX_LOAD} at start; BENCH_ALLOW_LOAD=1): read them as indications only`);
      for (const [name, r] of Object.entries(ratios)) {
        console.log(`${name}: throughput ${r.throughput.toFixed(2)}× the anchor (goal ≥ ${GOALS.throughput}×), history ${r.history.toFixed(2)}× per run and per step (goal ≤ ${GOALS.historyPerStep}×), workflow tasks ${r.workflowTasks.toFixed(2)}×, p50 ${r.p50.toFixed(2)}×`);
      }
    }
    const out = {
      flow: { steps: STEPS, events: N, rounds: ROUNDS, database: database.kind, temporalOwn: Boolean(temporal.pid) },
      load: { before: loadBefore, after: loadAfter, cores: os.cpus().length, ratiosWithheld: !ratios, ratiosOnBusyMachine: Boolean(ratios) && busy },
      anchor: summary.anchor, signalbox: summary.signalbox, anchorSlow: summary.anchorSlow, signalboxSlow: summary.signalboxSlow,
      single, ratio: ratios?.fast ?? null, ratioSlow: ratios?.slow ?? null, goals: GOALS, batches: results,
      ...(parked ? { parked } : {}),
    };
    if (process.env.BENCH_OUT) {
      await writeFile(process.env.BENCH_OUT, `${JSON.stringify(out, null, 2)}\n`);
      log(`figures written to ${process.env.BENCH_OUT}`);
    }
    if (process.env.BENCH_PROFILE_OUT) {
      const { profileRun } = await import('./history-profile.mjs');
      const fresh = await runBatch('signalbox', 0, 1, { measureHistory: false });
      await writeFile(process.env.BENCH_PROFILE_OUT, await profileRun(client, fresh.runs[0].handle, `service:${fresh.runs[0].subject.serviceId}`));
      log(`history profile of one run written to ${process.env.BENCH_PROFILE_OUT}`);
    }
  } finally {
    await stopAll();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(`[bench] failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    process.exit(1);
  },
);
