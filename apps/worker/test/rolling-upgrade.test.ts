import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { NativeConnection, bundleWorkflowCode, type Worker } from '@temporalio/worker';
import type { WorkflowHandle } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { namedSignal, type InterpreterWorkflow } from '@signalbox/contracts';
import type { GraphNode } from '@signalbox/domain';
import { waitFor } from '@signalbox/tools/wait';
import { createSignalboxWorker, type WorkerDeployment } from '../src/create-worker';
import { workflowBundleOptions } from '@signalbox/contracts/workflow-bundle';
import { end, graph, snapshot, start, startHarness, startRun, type Harness } from './harness';

/**
 * The rolling-upgrade procedure of docs/operations.md with Temporal Worker Versioning: workers of
 * build A run; runs start (pinned to A); workers of build B — whose interpreter treats a
 * wait-for-signal node differently — join and B becomes the deployment's current build; new runs
 * start on B and end by B's rules while A's runs, still waiting, finish on A's code.
 */
describe('rolling upgrade of workers (Worker Versioning)', () => {
  let h: Harness;
  let connection: NativeConnection;
  const workers: { worker: Worker; running: Promise<void> }[] = [];
  const deploymentName = `signalbox-test-${randomUUID().slice(0, 8)}`;
  const graphWithWait = () =>
    graph(
      [start(), { id: 'hold', kind: 'wait', wait: { type: 'signal', signal: 'go', timeout: '10m' } } as GraphNode, end('done'), end('late', 'failed')],
      ['start:next->hold', 'hold:next->done', 'hold:timeout->late'],
    );

  beforeAll(async () => {
    h = await startHarness();
    // The harness's own worker is unversioned: only this test's builds may take the queue's tasks.
    h.worker.shutdown();
    connection = await NativeConnection.connect({ address: inject('temporalAddress') });
  }, 180_000);

  afterAll(async () => {
    for (const w of workers) if (w.worker.getState() === 'RUNNING') w.worker.shutdown();
    await Promise.all(workers.map((w) => w.running.catch(() => undefined)));
    await connection?.close();
    await h?.stop();
  });

  async function startBuild(buildId: string, workflowBundle: { codePath: string } | { code: string }): Promise<WorkerDeployment> {
    const deployment = { name: deploymentName, buildId };
    const worker = await createSignalboxWorker({ connection, namespace: inject('temporalNamespace'), taskQueue: h.taskQueue, activities: h.activities, workflowBundle, deployment });
    workers.push({ worker, running: worker.run() });
    return deployment;
  }

  /** `temporal worker deployment set-current-version`: accepted once the build's workers have polled. */
  async function makeCurrent(deployment: WorkerDeployment): Promise<void> {
    let lastError = '';
    await waitFor(
      async () => {
        try {
          await h.client.workflowService.setWorkerDeploymentCurrentVersion({ namespace: inject('temporalNamespace'), deploymentName: deployment.name, buildId: deployment.buildId, identity: 'rolling-upgrade-test' });
          return true;
        } catch (err) {
          lastError = (err as Error).message;
          return false;
        }
      },
      { timeout: 60_000, interval: 300, message: `build ${deployment.buildId} to become current (${lastError})` },
    );
  }

  async function pinnedBuild(handle: WorkflowHandle): Promise<string | undefined> {
    const { raw } = await handle.describe();
    const info = raw.workflowExecutionInfo?.versioningInfo;
    return info?.deploymentVersion?.buildId ?? undefined;
  }

  it('runs started on build A finish on A, runs started after the roll finish on B', async () => {
    // Bundled while A starts: build B is this release's workflows with the changed interpretation.
    const bundleB = bundleWorkflowCode({
      workflowsPath: path.join(__dirname, 'fixtures', 'next-build.workflows.ts'),
      ...workflowBundleOptions(),
    });
    const buildA = await startBuild('build-a', { codePath: inject('bundlePath') });
    await makeCurrent(buildA);

    const snap = snapshot(h, 'ROLLING', graphWithWait());
    const onA = await Promise.all([startRun(h, snap), startRun(h, snap)]);
    // Each is pinned to A once A's worker has run its first task (it then waits for `go`).
    for (const run of onA) await waitFor(async () => (await pinnedBuild(run)) === 'build-a', { timeout: 60_000, message: `${run.workflowId} to be pinned to build-a` });

    const buildB = await startBuild('build-b', { code: (await bundleB).code });
    await makeCurrent(buildB);

    const onB = await Promise.all([startRun(h, snap), startRun(h, snap)]);
    for (const run of onB) {
      const state = await run.result();
      expect(state.result).toBe('completed');
      // B's interpretation: the wait node is not a step any more.
      expect(state.trail).toEqual(['start', 'done']);
      expect(await pinnedBuild(run)).toBe('build-b');
    }

    // A's runs are still waiting for their signal on A's code (B would have finished them already).
    for (const run of onA) {
      const { status } = await run.describe();
      expect(status.name).toBe('RUNNING');
    }
    for (const run of onA) await run.signal(namedSignal, { name: 'go' });
    for (const run of onA) {
      const state = await (run as WorkflowHandle<InterpreterWorkflow>).result();
      expect(state.result).toBe('completed');
      expect(state.trail).toEqual(['start', 'hold', 'done']);
      expect(state.nodes.hold.status).toBe('completed');
      expect(await pinnedBuild(run)).toBe('build-a');
    }
  });
});
