import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { expect } from 'vitest';
import { waitFor } from '@signalbox/tools/wait';
import type { HttpAnswer, RuntimeStack } from './runtime-stack';

/*
 * The soak: many events over a few services (several per service, so runs queue behind each
 * other's orders), with worker SIGKILLs and one Temporal restart at spread moments, then checks at
 * the simulator that no order was lost, sent twice or overlapped another order of its service.
 * Moments are chosen by progress (orders the provider has seen), never by the clock, so a slow
 * machine only makes it take longer. `npm run soak` runs it at full size; the API suite runs it small.
 */

export interface SoakSize {
  events: number;
  services: number;
  workerKills: number;
  temporalRestarts: number;
}

export interface SoakFigures extends SoakSize {
  database: string;
  durationS: number;
  runsCompleted: number;
  orders: number;
  /** Repeats of an order id the simulator answered from the first attempt (idempotency at work). */
  resends: number;
  load: { before: number[]; after: number[] };
}

export interface SoakProblems {
  notCompleted: string[];
  duplicated: string[];
  missing: string[];
  overlapping: string[];
  wrongSubject: string[];
  serverErrors: string[];
}

interface JournalRecord {
  at: string;
  latencyMs?: number;
  duplicate: boolean;
  status?: number;
  body: { serviceOrderId?: string; subject?: Record<string, string>; fields?: Record<string, unknown> } | null;
}

const PROVIDER = 'hss-main';
/** Each run sends two orders to PROVIDER, one after the other, for its subscriber. */
const ORDERS_PER_RUN = 2;
const NODES = ['activate', 'data'] as const;

/** Runs `work` over `items` with at most `limit` in flight. */
async function inBatches<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]);
    }
  });
  await Promise.all(lanes);
  return results;
}

/**
 * Chaos moments as fractions of all orders seen by the provider: the kills spread evenly, the
 * Temporal restart in the middle of them.
 */
export function chaosPlan(size: Pick<SoakSize, 'workerKills' | 'temporalRestarts'>): { at: number; what: 'kill' | 'temporal' }[] {
  const steps: ('kill' | 'temporal')[] = Array.from({ length: size.workerKills }, () => 'kill' as const);
  for (let i = 0; i < size.temporalRestarts; i++) steps.splice(Math.ceil(((i + 1) * steps.length) / (size.temporalRestarts + 1)) + i, 0, 'temporal');
  return steps.map((what, i) => ({ at: (i + 1) / (steps.length + 1), what }));
}

export async function runSoak(stack: RuntimeStack, size: SoakSize, log: (line: string) => void = () => {}): Promise<{ figures: SoakFigures; problems: SoakProblems }> {
  const serverErrors: string[] = [];
  let outage = false;
  /** Every call the soak makes to the API; a 5xx is a finding (none are made during the deliberate outage). */
  const api = async (method: string, url: string, body?: unknown): Promise<HttpAnswer> => {
    if (outage) throw new Error(`the soak called ${method} ${url} during the Temporal outage`);
    const res = await stack.api(method, url, body);
    if (res.status >= 500) serverErrors.push(`${method} ${url} → ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
    return res;
  };
  const ordersSeen = async (): Promise<number> => {
    const { body } = await stack.simulator('GET', `/control/providers/${PROVIDER}`);
    return body.stats.received - body.stats.duplicates;
  };

  const suffix = randomBytes(3).toString('hex').toUpperCase();
  const code = `SOAK_${suffix}`;
  await setUp(api, stack, code, suffix);

  const loadBefore = os.loadavg();
  const started = Date.now();
  // Numbers of their own (a random block of 10,000), so soaks on one database never share a service.
  const block = String(Math.floor(Math.random() * 10_000)).padStart(4, '0');
  const services = Array.from({ length: size.services }, (_, i) => {
    const n = `${block}${String(i).padStart(4, '0')}`;
    return { msisdn: `4477${n}`, imsi: `23415${n}00`, iccid: `894410${n}00000` };
  });
  // Events go round the services, so each service gets several and they queue behind each other.
  const events = Array.from({ length: size.events }, (_, i) => ({ i, subject: services[i % size.services] }));
  const runs = await inBatches(events, 8, async ({ i, subject }) => {
    const raised = await api('POST', '/api/events', { eventCode: code, idempotencyKey: `soak-${suffix}-${i}`, subject, data: {} });
    if (raised.status !== 202) throw new Error(`raise ${i} answered ${raised.status}: ${JSON.stringify(raised.body)}`);
    return { runId: raised.body.runs[0].runId as string, msisdn: subject.msisdn };
  });
  log(`raised ${runs.length} events over ${size.services} services in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const total = size.events * ORDERS_PER_RUN;
  // Deadlines grow with the size: a deadline is for a soak that stopped moving, not a slow machine.
  const patienceMs = 600_000 + total * 10_000;
  let killed = 0;
  let restarted = 0;
  // A long soak says how far it is every 30 s, so a slow machine is told from a stuck soak.
  let lastProgress = Date.now();
  const progress = (n: number, what: string) => {
    if (Date.now() - lastProgress < 30_000) return;
    lastProgress = Date.now();
    log(`${n}/${total} orders ${what} by the provider after ${((Date.now() - started) / 1000).toFixed(0)} s`);
  };
  for (const step of chaosPlan(size)) {
    const threshold = Math.floor(step.at * total);
    const seen = await waitFor(async () => {
      const n = await ordersSeen();
      progress(n, 'seen');
      return n >= threshold ? n : undefined;
    }, {
      timeout: patienceMs,
      interval: 200,
      message: `the provider to have seen ${threshold} orders`,
    });
    if (step.what === 'kill') {
      const { killedPid } = await stack.killWorker();
      killed += 1;
      log(`worker ${killedPid} SIGKILLed at ${seen}/${total} orders; a new worker is ready`);
    } else {
      if (!stack.temporalOutage) throw new Error('the soak needs a stack with its own Temporal server (ownTemporal)');
      outage = true;
      await stack.temporalOutage.stop();
      await stack.temporalOutage.restart();
      // The API's health probe says when it reaches Temporal again; its 503 meanwhile is the probe's job.
      await waitFor(async () => (await fetch(`${stack.apiUrl}/api/health`)).status === 200, { timeout: 120_000, interval: 250, message: 'the API to reach Temporal again' });
      outage = false;
      restarted += 1;
      log(`Temporal stopped and restarted on its database file at ${seen}/${total} orders`);
    }
  }

  // First the provider's side (cheap to ask): every order answered, or a run already failed.
  await waitFor(
    async () => {
      const { body } = await stack.simulator('GET', `/control/providers/${PROVIDER}`);
      progress(body.stats.completed, 'answered');
      if (body.stats.completed >= total) return true;
      const failed = await api('GET', `/api/runs?eventCode=${code}&status=Failed&pageSize=1`);
      return failed.status === 200 && failed.body.items.length > 0;
    },
    { timeout: patienceMs, interval: 1_000, message: `the provider to answer all ${total} orders` },
  );
  const views = await waitForRuns(api, runs.map((r) => r.runId));
  const durationS = (Date.now() - started) / 1000;
  const loadAfter = os.loadavg();

  const { body: journal } = await stack.simulator('GET', `/control/requests?provider=${PROVIDER}`);
  const problems = checkJournal(journal.items as JournalRecord[], runs, views);
  problems.serverErrors = serverErrors;
  const records = journal.items as JournalRecord[];
  return {
    figures: {
      ...size,
      database: process.env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : 'embedded PostgreSQL',
      durationS,
      runsCompleted: [...views.values()].filter((v) => v.status === 'Completed').length,
      orders: records.filter((r) => !r.duplicate).length,
      resends: records.filter((r) => r.duplicate).length,
      workerKills: killed,
      temporalRestarts: restarted,
      load: { before: loadBefore, after: loadAfter },
    },
    problems,
  };
}

/** Two provisioning steps for the subscriber, to one provider, answered at once (sync) after a short latency. */
async function setUp(api: (m: string, u: string, b?: unknown) => Promise<HttpAnswer>, stack: RuntimeStack, code: string, suffix: string): Promise<void> {
  const expect201 = (what: string, res: HttpAnswer) => {
    if (res.status !== 201 && res.status !== 200) throw new Error(`${what} answered ${res.status}: ${JSON.stringify(res.body)}`);
  };
  // The confirm timeout is long and retries are many: a worker killed mid-send is noticed by its
  // missing heartbeat and the send retried, and Temporal's restart must not turn into a timeout.
  const retry = { maximumAttempts: 20, initialInterval: '200ms', backoffCoefficient: 2, maximumInterval: '2s' };
  const actionCodes = {
    activate: { serviceType: '/service/telco/gsm', action: 'A', fields: ['msisdn', 'imsi', 'iccid'] },
    data: { serviceType: '/service/telco/gprs', action: 'A', fields: ['msisdn', 'imsi'] },
  };
  for (const [node, p] of Object.entries(actionCodes)) {
    expect201(
      `action code ${node}`,
      await api('POST', '/api/action-codes', {
        code: `SOAK_${node.toUpperCase()}_${suffix}`,
        actionType: 'provisioning',
        name: `Soak ${node}`,
        parameters: { provider: PROVIDER, ...p, mode: 'confirmed', timeout: '5m' },
        retry,
      }),
    );
  }
  expect201('event code', await api('POST', '/api/event-codes', { code, eventType: 'PROVISIONING', name: 'Soak', requiredSubjectKeys: ['msisdn'] }));
  const graph = {
    nodes: [
      { id: 'start', kind: 'start' },
      { id: 'activate', kind: 'action', actionCode: `SOAK_ACTIVATE_${suffix}` },
      { id: 'data', kind: 'action', actionCode: `SOAK_DATA_${suffix}` },
      { id: 'done', kind: 'end', result: 'completed' },
      { id: 'failed', kind: 'end', result: 'failed' },
    ],
    edges: [
      { id: 'e1', source: 'start', sourceHandle: 'next', target: 'activate' },
      { id: 'e2', source: 'activate', sourceHandle: 'success', target: 'data' },
      { id: 'e3', source: 'activate', sourceHandle: 'failure', target: 'failed' },
      { id: 'e4', source: 'activate', sourceHandle: 'timeout', target: 'failed' },
      { id: 'e5', source: 'data', sourceHandle: 'success', target: 'done' },
      { id: 'e6', source: 'data', sourceHandle: 'failure', target: 'failed' },
      { id: 'e7', source: 'data', sourceHandle: 'timeout', target: 'failed' },
    ],
  };
  expect201('draft', await api('PUT', `/api/workflows/${code}/draft`, { graph }));
  expect201('publish', await api('POST', `/api/workflows/${code}/publish`, {}));
  const behaviour = await stack.simulator('PUT', `/control/providers/${PROVIDER}`, { mode: 'sync', latencyMs: 40, failRate: 0 });
  if (behaviour.status !== 200) throw new Error(`simulator behaviour answered ${behaviour.status}`);
}

interface RunView {
  status: string;
  state?: { nodes?: Record<string, { status?: string; serviceOrderId?: string }> };
}

/** Polls the runs not yet ended, a few at a time, until every one has ended. */
async function waitForRuns(api: (m: string, u: string) => Promise<HttpAnswer>, runIds: string[]): Promise<Map<string, RunView>> {
  const ended = new Map<string, RunView>();
  await waitFor(
    async () => {
      const open = runIds.filter((id) => !ended.has(id));
      await inBatches(open, 4, async (id) => {
        const res = await api('GET', `/api/runs/${encodeURIComponent(id)}`);
        if (res.status === 200 && ['Completed', 'Failed', 'Cancelled'].includes(res.body.status)) ended.set(id, res.body);
      });
      return ended.size === runIds.length;
    },
    { timeout: 900_000, interval: 1_000, message: `all ${runIds.length} runs to end` },
  );
  return ended;
}

/** What the provider received, against what the runs say they sent. */
export function checkJournal(records: JournalRecord[], runs: { runId: string; msisdn: string }[], views: Map<string, RunView>): SoakProblems {
  const problems: SoakProblems = { notCompleted: [], duplicated: [], missing: [], overlapping: [], wrongSubject: [], serverErrors: [] };
  const firsts = new Map<string, JournalRecord>();
  for (const r of records) {
    const id = r.body?.serviceOrderId;
    if (!id) continue;
    if (r.body?.subject?.msisdn !== r.body?.fields?.msisdn) problems.wrongSubject.push(`order ${id}: subject ${JSON.stringify(r.body?.subject)} but fields ${JSON.stringify(r.body?.fields)}`);
    if (r.duplicate) continue;
    if (firsts.has(id)) problems.duplicated.push(`order ${id} was processed twice`);
    else firsts.set(id, r);
  }
  const orderIds = new Set<string>();
  for (const { runId, msisdn } of runs) {
    const view = views.get(runId);
    if (view?.status !== 'Completed') problems.notCompleted.push(`${runId}: ${view?.status ?? 'unknown'}`);
    for (const node of NODES) {
      const id = view?.state?.nodes?.[node]?.serviceOrderId;
      if (!id) {
        problems.missing.push(`${runId}: step ${node} has no service order`);
        continue;
      }
      if (orderIds.has(id)) problems.duplicated.push(`order ${id} belongs to two steps`);
      orderIds.add(id);
      const first = firsts.get(id);
      if (!first) problems.missing.push(`${runId}: order ${id} (${node}) never reached the provider`);
      else if (first.body?.subject?.msisdn !== msisdn) problems.wrongSubject.push(`${runId}: order ${id} went out for ${first.body?.subject?.msisdn}, the run's subscriber is ${msisdn}`);
    }
  }
  for (const id of firsts.keys()) if (!orderIds.has(id)) problems.duplicated.push(`order ${id} reached the provider but belongs to no run's step`);

  // One order in flight per service: each order's processing ends before the next one's starts.
  const byService = new Map<string, JournalRecord[]>();
  for (const r of firsts.values()) {
    const key = r.body?.subject?.msisdn ?? '?';
    byService.set(key, [...(byService.get(key) ?? []), r]);
  }
  for (const [service, list] of byService) {
    list.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    for (let i = 1; i < list.length; i++) {
      const previousEnd = Date.parse(list[i - 1].at) + (list[i - 1].latencyMs ?? 0);
      if (Date.parse(list[i].at) < previousEnd) {
        problems.overlapping.push(`service ${service}: order ${list[i].body?.serviceOrderId} started while ${list[i - 1].body?.serviceOrderId} was in flight`);
      }
    }
  }
  return problems;
}

export function describeFigures(f: SoakFigures): string {
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
  return [
    `soak on ${f.database}: ${f.events} events over ${f.services} services`,
    `  ${f.durationS.toFixed(1)} s, ${f.runsCompleted}/${f.events} runs completed, ${f.orders} orders at the provider (${f.resends} idempotent re-sends)`,
    `  ${f.workerKills} worker SIGKILLs, ${f.temporalRestarts} Temporal restart(s)`,
    `  load average (1/5/15 min) before ${load(f.load.before)}, after ${load(f.load.after)}`,
  ].join('\n');
}

/** The soak's verdict: no problem of any kind, every run completed with both orders, each chaos step done. */
export function expectSoakPassed({ figures, problems }: { figures: SoakFigures; problems: SoakProblems }, size: SoakSize, logs: () => string): void {
  const first = (list: string[]) => list.slice(0, 5);
  expect(first(problems.notCompleted), logs()).toEqual([]);
  expect(first(problems.missing)).toEqual([]);
  expect(first(problems.duplicated)).toEqual([]);
  expect(first(problems.overlapping)).toEqual([]);
  expect(first(problems.wrongSubject)).toEqual([]);
  expect(first(problems.serverErrors)).toEqual([]);
  expect(figures.runsCompleted).toBe(size.events);
  expect(figures.orders).toBe(size.events * ORDERS_PER_RUN);
  expect(figures.workerKills).toBe(size.workerKills);
  expect(figures.temporalRestarts).toBe(size.temporalRestarts);
}
