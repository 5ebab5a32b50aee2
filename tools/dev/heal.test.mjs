// `npm start` heals: a worker, the embedded PostgreSQL or the Temporal dev server killed outright
// comes back while the rest keeps running, and SIGINT to npm's own process stops everything.
// Runs the real launcher on free ports with a data folder of its own.
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync, readlinkSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, repoRoot, tmpDir } from '../test/infra.mjs';
import { isAlive } from '../lib/pids.mjs';
import { waitFor } from '../test/wait.mjs';

const root = repoRoot();

/** Every process below `pid`, with its command line. */
function descendants(pid) {
  const rows = spawnSync('ps', ['-e', '-o', 'pid=,ppid=,args='], { encoding: 'utf8' })
    .stdout.split('\n')
    .map((line) => line.trim().match(/^(\d+)\s+(\d+)\s+(.*)$/))
    .filter(Boolean)
    .map(([, p, pp, args]) => ({ pid: Number(p), ppid: Number(pp), args }));
  const found = [];
  const walk = (parent) => {
    for (const row of rows.filter((r) => r.ppid === parent)) {
      found.push(row);
      walk(row.pid);
    }
  };
  walk(pid);
  return found;
}

const cwdOf = (pid) => {
  try {
    return readlinkSync(`/proc/${pid}/cwd`);
  } catch {
    return '';
  }
};

/** Waits for `check` to hold (the shared polling helper, with this file's longer default). */
function eventually(what, check, timeoutMs = 120_000) {
  return waitFor(check, { timeout: timeoutMs, interval: 250, message: what });
}

describe('npm start heals and stops cleanly', () => {
  let npm;
  let output = '';
  let dataDir;
  let ports;
  let adminKey;
  const log = () => output.split('\n').slice(-80).join('\n');
  const api = async (method, url, body) => {
    const res = await fetch(`http://127.0.0.1:${ports.API_PORT}${url}`, {
      method,
      headers: { authorization: `Bearer ${adminKey}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(10_000),
    });
    return { status: res.status, body: await res.json().catch(() => undefined) };
  };
  const stackProcess = (match) => descendants(npm.pid).find(match);
  const workerPid = () => stackProcess((p) => p.args.includes('dist/main.js') && cwdOf(p.pid).endsWith(path.join('apps', 'worker')))?.pid;
  const printed = (text) => output.includes(text);

  beforeAll(async () => {
    dataDir = tmpDir('signalbox-heal-');
    ports = {};
    for (const name of ['API_PORT', 'DESIGNER_PORT', 'SIMULATOR_PORT', 'SIMULATOR_TCP_PORT', 'SIMULATOR_SMTP_PORT', 'WORKER_METRICS_PORT', 'TEMPORAL_PORT', 'TEMPORAL_UI_PORT', 'EMBEDDED_PG_PORT']) ports[name] = await freePort();
    const env = { ...process.env, ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])), SIGNALBOX_DATA_DIR: dataDir, NO_COLOR: '1' };
    // The default stack: its own Temporal dev server and embedded PostgreSQL.
    for (const name of ['TEMPORAL_ADDRESS', 'DATABASE_URL', 'SIGNALBOX_ADMIN_KEY', 'SIGNALBOX_SECRET_KEY', 'SIGNALBOX_DEMO_CATALOG']) delete env[name];
    npm = spawn('npm', ['start'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    for (const stream of [npm.stdout, npm.stderr]) stream.on('data', (chunk) => (output += chunk));
    await eventually('the stack to come up', () => {
      if (npm.exitCode !== null) throw new Error(`npm start exited (${npm.exitCode}):\n${log()}`);
      return printed('Signalbox is up');
    }, 540_000);
    adminKey = readFileSync(path.join(dataDir, 'admin.key'), 'utf8').trim();
  }, 600_000);

  afterAll(async () => {
    if (npm && npm.exitCode === null && npm.signalCode === null) {
      const left = descendants(npm.pid);
      npm.kill('SIGINT');
      await eventually('npm start to stop', () => npm.exitCode !== null || npm.signalCode !== null, 60_000).catch(() => {});
      for (const p of left) if (isAlive(p.pid)) process.kill(p.pid, 'SIGKILL');
    }
    rmSync(dataDir, { recursive: true, force: true });
  }, 120_000);

  it('restarts a worker killed with SIGKILL while the API keeps answering, and runs complete', async () => {
    const before = workerPid();
    expect(before, log()).toBeTypeOf('number');
    process.kill(before, 'SIGKILL');
    expect((await api('GET', '/api/event-codes')).status).toBe(200);
    await eventually('the worker to be restarted', () => printed('worker is back (restart 1)'));
    const after = workerPid();
    expect(after).toBeTypeOf('number');
    expect(after).not.toBe(before);
    expect(printed('worker stopped unexpectedly (SIGKILL); restarting it in 1 s')).toBe(true);

    // The demo catalog is there and a raised event runs to the end on the restarted worker.
    const codes = (await api('GET', '/api/event-codes')).body.items.map((c) => c.code);
    expect(codes).toContain('SIM_SWAP');
    const n = String(Math.floor(Math.random() * 1e8)).padStart(8, '0');
    const raised = await api('POST', '/api/events', { eventCode: 'SIM_SWAP', idempotencyKey: `heal-${randomUUID()}`, subject: { msisdn: `4479${n}`, imsi: `23415${n}00`, iccid: `894410${n}00000` } });
    expect(raised.status, JSON.stringify(raised.body)).toBe(202);
    const runId = raised.body.runs[0].runId;
    const run = await eventually(`run ${runId} to end`, async () => {
      const res = await api('GET', `/api/runs/${encodeURIComponent(runId)}`);
      return ['Completed', 'Failed', 'Cancelled'].includes(res.body?.status) && res.body;
    }, 180_000);
    expect(run.status, log()).toBe('Completed');
  }, 300_000);

  it('restarts the embedded PostgreSQL and the Temporal dev server when they die', async () => {
    const postmaster = Number(readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
    process.kill(postmaster, 'SIGKILL');
    await eventually('the database to be restarted', () => printed('db is back (restart 1)'));
    await eventually('the API to read the database again', async () => (await api('GET', '/api/event-codes')).status === 200);

    const temporal = stackProcess((p) => p.args.includes('server start-dev'));
    expect(temporal, log()).toBeDefined();
    process.kill(temporal.pid, 'SIGKILL');
    await eventually('Temporal to be restarted', () => printed('temporal is back (restart 1)'));
    await eventually('the API to report healthy', async () => (await api('GET', '/api/health')).status === 200);
  }, 300_000);

  it('kills and restarts an API that keeps its port but stops answering', async () => {
    const apiPid = () => stackProcess((p) => p.args.includes('dist/main.js') && cwdOf(p.pid).endsWith(path.join('apps', 'api')))?.pid;
    const before = apiPid();
    expect(before, log()).toBeTypeOf('number');
    // Frozen, not dead: its port stays open and nothing answers, which only a liveness check notices.
    process.kill(before, 'SIGSTOP');
    await eventually('the launcher to notice', () => printed('api stopped answering (3 checks in a row'), 180_000);
    await eventually('the API to be restarted', () => printed('api is back (restart 1)'), 180_000);
    expect(isAlive(before)).toBe(false);
    expect(apiPid()).not.toBe(before);
    expect((await api('GET', '/api/event-codes')).status).toBe(200);
  }, 420_000);

  it("stops every process when npm's own process gets SIGINT", async () => {
    const stack = descendants(npm.pid);
    expect(stack.length, log()).toBeGreaterThanOrEqual(7);
    npm.kill('SIGINT');
    await eventually('npm start to exit', () => npm.exitCode !== null || npm.signalCode !== null, 90_000);
    await eventually('every process of the stack to be gone', () => stack.every((p) => !isAlive(p.pid)), 30_000);
    expect(printed('stopped.'), log()).toBe(true);
  }, 180_000);
});
