import { NativeConnection } from '@temporalio/worker';
import { inject } from 'vitest';
import { createActivities, type ActivityDeps } from '@signalbox/activities';
import { createProviderWorker } from '../src/create-worker';
import { dbProviderLimits } from '../src/db-catalog';
import { ProviderWorkerPool } from '../src/provider-workers';
import type { Harness } from './harness';

export interface RunningProviderPool {
  pool: ProviderWorkerPool;
  stop(): Promise<void>;
}

/**
 * The rate-limited providers' workers as the worker process runs them (limits read from the
 * harness database), with activities over the harness catalog; `deps` adds e.g. the token buckets.
 */
export async function startProviderPool(h: Harness, options: { refreshMs: number; deps?: Partial<ActivityDeps> }): Promise<RunningProviderPool> {
  const connection = await NativeConnection.connect({ address: inject('temporalAddress') });
  const activities = createActivities({
    orders: h.store,
    slots: h.slots,
    providers: { load: async (code) => h.catalog.providers[code] },
    snapshots: { load: async () => undefined },
    temporal: h.client,
    config: { taskQueue: h.taskQueue, simulatorUrl: h.simulatorUrl, smtp: { host: '127.0.0.1', port: inject('smtpPort'), from: 'signalbox@test' } },
    ...options.deps,
  });
  const pool = new ProviderWorkerPool({
    mainTaskQueue: h.taskQueue,
    loadLimits: dbProviderLimits(h.dataSource),
    createWorker: (limit, taskQueue) => createProviderWorker({ connection, namespace: inject('temporalNamespace'), taskQueue, activities, perSecond: limit.perSecond }),
    refreshMs: options.refreshMs,
    log: () => undefined,
  });
  try {
    await pool.start();
  } catch (err) {
    await connection.close();
    throw err;
  }
  return {
    pool,
    async stop() {
      pool.shutdown();
      await pool.run();
      await connection.close();
    },
  };
}
