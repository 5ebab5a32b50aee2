import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PG_URL, dropClusterDatabases, startClusterStack, type ClusterStack } from '@signalbox/tools/cluster';
import { tmpDir } from '@signalbox/tools/infra';
import { searchAttributes } from '@signalbox/tools/temporal';
import { assertBuilt, request, type RuntimeStack } from '../runtime/runtime-stack';
import { describeFigures, expectSoakPassed, runSoak, type SoakSize } from '../runtime/soak';

// The production-like stack (`npm run stack:cluster`): the Temporal server on PostgreSQL, two APIs
// behind the round-robin balancer, three workers. Slow to start (and the first time it builds the
// Temporal server from Go), so it runs only under `npm run test:cluster` (SIGNALBOX_CLUSTER_TEST=1).
const enabled = process.env.SIGNALBOX_CLUSTER_TEST === '1';

function serverUrl(): string {
  if (process.env.CLUSTER_PG_URL) return process.env.CLUSTER_PG_URL;
  if (!process.env.DATABASE_URL) return DEFAULT_PG_URL;
  const url = new URL(process.env.DATABASE_URL);
  url.pathname = '/';
  return url.toString().replace(/\/$/, '');
}

const size: SoakSize = {
  events: Number(process.env.SIGNALBOX_CLUSTER_EVENTS ?? 40),
  services: 8,
  workerKills: 2,
  temporalRestarts: 1,
};

/** The soak's view of the cluster: each "worker kill" SIGKILLs a worker and an API process at once. */
function asRuntimeStack(cluster: ClusterStack, lines: string[]): RuntimeStack {
  let kills = 0;
  return {
    apiUrl: cluster.apiUrl,
    simulatorUrl: cluster.simulatorUrl,
    adminKey: cluster.adminKey,
    taskQueue: '',
    temporal: { address: cluster.temporal.address, namespace: cluster.temporal.namespace, binary: cluster.temporal.cli },
    api: (method, url, body, key = cluster.adminKey) => request(cluster.apiUrl, method, url, body, { authorization: `Bearer ${key}` }),
    simulator: (method, url, body) => request(cluster.simulatorUrl, method, url, body, {}),
    logs: () => lines.slice(-120).join('\n'),
    startWorker: () => Promise.reject(new Error('the cluster stack has a fixed set of workers')),
    // The supervisor starts the server again by itself; `stop` returns once it serves again.
    temporalOutage: { stop: () => cluster.restartTemporal(), restart: async () => {} },
    killWorker: async () => {
      const i = kills++;
      const [worker] = await Promise.all([cluster.killWorker(i), cluster.killApi(i)]);
      return worker;
    },
    stop: () => cluster.destroy(),
  };
}

describe.skipIf(!enabled)('cluster stack: Temporal server on PostgreSQL, 2 APIs behind a balancer, 3 workers', () => {
  let cluster: ClusterStack;
  const lines: string[] = [];
  const dbPrefix = `sbx_cluster_${randomBytes(3).toString('hex')}_`;

  beforeAll(async () => {
    assertBuilt();
    cluster = await startClusterStack({
      pgUrl: serverUrl(),
      dbPrefix,
      dataDir: tmpDir('signalbox-cluster-'),
      designer: true,
      taskQueue: `signalbox-cluster-${randomBytes(4).toString('hex')}`,
      log: (line) => lines.push(`[stack] ${line}`),
      onLine: (name, line) => {
        lines.push(`[${name}] ${line}`);
        if (lines.length > 2000) lines.splice(0, lines.length - 2000);
      },
    });
  }, 1_800_000);

  afterAll(async () => {
    await cluster?.stop();
    // Also after a start that failed half-way.
    await dropClusterDatabases(serverUrl(), dbPrefix);
  }, 120_000);

  it('has two APIs, three workers and the server on PostgreSQL; the balancer spreads requests and the designer reaches it', async () => {
    const names = cluster.processes().map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(['temporal', 'temporal-ui', 'simulator', 'api-1', 'api-2', 'worker-1', 'worker-2', 'worker-3', 'designer']));
    const before = { ...cluster.balancer.stats.perUpstream };
    for (let i = 0; i < 4; i++) expect((await fetch(`${cluster.apiUrl}/api/health`)).status).toBe(200);
    for (const upstream of cluster.apiUrls) expect((cluster.balancer.stats.perUpstream[upstream] ?? 0) - (before[upstream] ?? 0)).toBe(2);
    // The designer's dev proxy sends /api to the balancer, as a browser's requests would go.
    const viaDesigner = await fetch(`${cluster.designerUrl}/api/health`);
    expect(viaDesigner.status).toBe(200);
    expect(JSON.stringify(await viaDesigner.json())).toContain(cluster.temporal.address);
  });

  it('registered every search attribute of libs/contracts on the namespace, and serves the Web UI for it', async () => {
    const listed = spawnSync(cluster.temporal.cli, ['operator', 'search-attribute', 'list', '--address', cluster.temporal.address, '--namespace', cluster.temporal.namespace, '-o', 'json'], { encoding: 'utf8' });
    expect(listed.status, listed.stderr).toBe(0);
    for (const name of Object.keys(searchAttributes())) expect(listed.stdout).toContain(`"${name}"`);
    const ui = await fetch(`${cluster.temporalUiUrl}/api/v1/namespaces/${cluster.temporal.namespace}/workflows`);
    expect(ui.status).toBe(200);
  });

  it(`soak: ${size.events} events, ${size.workerKills} × (worker + API SIGKILL), a Temporal restart: every run completes, each order sent once`, async () => {
    const stack = asRuntimeStack(cluster, lines);
    const { figures, problems } = await runSoak(stack, size, (line) => console.log(`[soak] ${line}`));
    console.log(describeFigures(figures));
    console.log(`balancer: ${JSON.stringify(cluster.balancer.stats)}; processes: ${JSON.stringify(cluster.processes())}`);

    expectSoakPassed({ figures, problems }, size, () => stack.logs());
    const restarts = Object.fromEntries(cluster.processes().map((p) => [p.name, p.restarts]));
    expect(restarts['worker-1'] + restarts['worker-2'] + restarts['worker-3']).toBe(size.workerKills);
    expect(restarts['api-1'] + restarts['api-2']).toBe(size.workerKills);
    expect(restarts.temporal).toBe(size.temporalRestarts);
  }, 3_600_000);
});
