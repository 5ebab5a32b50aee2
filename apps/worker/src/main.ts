import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { createActivities, SmtpEmailAdapter } from '@signalbox/activities';
import { BatchStore, createDataSource, MessageDeliveryStore, MessageStore, ProbeStore, ProviderTokenBuckets, ReconciliationStore, redactDatabaseUrl, SecretBox, ServiceOrderStore, ServiceSlots, TmfStore, WebhookStore } from '@signalbox/persistence';
import { describeTemporalConnectionLine, diagnoseTemporalConnection } from '@signalbox/contracts/temporal-connection';
import { startTracing } from '@signalbox/contracts/tracing';
import { ConfigError, loadConfig, type WorkerConfig } from './config';
import { createProviderWorker, createSignalboxWorker } from './create-worker';
import { dbProviderDirectory, dbProviderLimits, dbSnapshotLoader } from './db-catalog';
import { createLogger, type StructuredLevel } from './observability/json-logger';
import { startMetricsServer } from './observability/metrics-server';
import { ProbeMonitor } from './observability/probe-monitor';
import { probeNotifier } from './observability/probe-notifier';
import { readProbe } from './observability/probe-readings';
import { NO_TRACING, workerTracing, type WorkerTracing } from './observability/tracing';
import { WorkerMetrics } from './observability/worker-metrics';
import { ProviderWorkerPool } from './provider-workers';
import { OutboxDispatcher } from './webhooks/outbox-dispatcher';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger({ format: config.logFormat, level: config.logLevel.toLowerCase() as StructuredLevel });
  // The SDK's own exporter binds a loopback port of its own; /metrics appends what it serves.
  const sdkMetricsAddress = config.metrics ? `127.0.0.1:${await freeLoopbackPort()}` : undefined;
  Runtime.install({
    logger: new DefaultLogger(config.logLevel, (entry) => log.log(entry.level.toLowerCase() as StructuredLevel, entry.message, { ...entry.meta, source: 'temporal-sdk' })),
    ...(sdkMetricsAddress ? { telemetryOptions: { metrics: { prometheus: { bindAddress: sdkMetricsAddress, countersTotalSuffix: true, useSecondsForDurations: true } } } } : {}),
  });
  const metrics = new WorkerMetrics({ processMetrics: true });
  // Only with an endpoint: without one no tracer provider is registered and no span is made.
  const processTracing = config.tracing ? startTracing(config.tracing, { indexPersonalKeys: config.indexPersonalKeys }) : undefined;
  const tracing = processTracing ? workerTracing(processTracing) : NO_TRACING;
  const bundlePath = path.join(__dirname, 'workflow-bundle.js');
  if (!existsSync(bundlePath)) throw new StartupError(`${bundlePath} is missing: run \`npm run build -w apps/worker\` first`);

  const dataSource = createDataSource({ url: config.databaseUrl, applicationName: 'signalbox-worker', poolSize: 5 });
  try {
    await dataSource.initialize();
  } catch (err) {
    throw new StartupError(`cannot reach the database at ${redactDatabaseUrl(config.databaseUrl)}: ${messageOf(err)}`);
  }
  const { connection, client, clientConnection } = await connectTemporal(config, tracing);
  let metricsServer: Awaited<ReturnType<typeof startMetricsServer>> | undefined;
  if (config.metrics) {
    try {
      metricsServer = await startMetricsServer({ ...config.metrics, registry: metrics.registry, ...(sdkMetricsAddress ? { sdkMetricsUrl: `http://${sdkMetricsAddress}/metrics` } : {}) });
      console.log(`worker metrics on ${metricsServer.url}`);
    } catch (err) {
      await closeAll();
      throw new StartupError(`cannot serve metrics on ${config.metrics.host}:${config.metrics.port} (SIGNALBOX_METRICS_PORT): ${messageOf(err)}`);
    }
  }

  const activities = createActivities({
    orders: new ServiceOrderStore(dataSource),
    providers: dbProviderDirectory(dataSource, config.secretKey),
    snapshots: dbSnapshotLoader(dataSource),
    throttle: new ProviderTokenBuckets(dataSource),
    temporal: client,
    slots: new ServiceSlots(dataSource),
    observeProviderCall: metrics.observeProviderCall,
    batches: new BatchStore(dataSource),
    messages: new MessageStore(dataSource),
    reconciliations: new ReconciliationStore(dataSource),
    deliveries: new MessageDeliveryStore(dataSource),
    tmf: {
      store: new TmfStore(dataSource),
      openSecret: (sealed) => {
        if (!config.secretKey) throw new Error('a hub listener cannot be signed for: the worker has no SIGNALBOX_SECRET_KEY');
        return new SecretBox(config.secretKey).open(sealed);
      },
    },
    webhooks: {
      store: new WebhookStore(dataSource),
      openSecret: (sealed) => {
        if (!config.secretKey) throw new Error('a webhook cannot be signed for: the worker has no SIGNALBOX_SECRET_KEY');
        return new SecretBox(config.secretKey).open(sealed);
      },
    },
    config: {
      taskQueue: config.taskQueue,
      ...(config.simulatorUrl ? { simulatorUrl: config.simulatorUrl } : {}),
      smtp: config.smtp,
      ...(config.opsEmail ? { opsEmail: config.opsEmail } : {}),
      ...(config.callbackBaseUrl ? { callbackBaseUrl: config.callbackBaseUrl } : {}),
      indexPersonalKeys: config.indexPersonalKeys,
      tmfHubGiveUpAfterMs: config.tmfHubGiveUpAfterMs,
      webhookGiveUpAfterMs: config.webhookGiveUpAfterMs,
    },
  });
  // Provider workers first: a worker that was created but never run would hold the connection open.
  const providerWorkers = new ProviderWorkerPool({
    mainTaskQueue: config.taskQueue,
    loadLimits: dbProviderLimits(dataSource),
    createWorker: (limit, taskQueue) =>
      createProviderWorker({ connection, namespace: config.namespace, taskQueue, activities, perSecond: limit.perSecond, log, tracing, ...(config.deployment ? { deployment: config.deployment } : {}) }),
    refreshMs: config.providerRefreshMs,
  });
  let worker: Awaited<ReturnType<typeof createSignalboxWorker>>;
  try {
    await providerWorkers.start();
    worker = await createSignalboxWorker({
      connection,
      namespace: config.namespace,
      taskQueue: config.taskQueue,
      activities,
      workflowBundle: { codePath: bundlePath },
      workflowStackTraces: config.workflowStackTraces,
      ...(config.deployment ? { deployment: config.deployment } : {}),
      ...(config.maxCachedRuns ? { maxCachedWorkflows: config.maxCachedRuns } : {}),
      metrics,
      log,
      tracing,
    });
  } catch (err) {
    providerWorkers.shutdown();
    await providerWorkers.run().catch(() => undefined);
    await metricsServer?.close();
    await closeAll();
    throw new StartupError(`cannot start the workers: ${messageOf(err)}`);
  }

  // Either side stopping (signal or fatal error) stops the other, so the process never half-runs.
  const stopAll = () => {
    if (worker.getState() === 'RUNNING') worker.shutdown();
    providerWorkers.shutdown();
  };
  const stop = (signal: NodeJS.Signals) => {
    console.log(`worker: ${signal} received, finishing in-flight tasks…`);
    stopAll();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  const probeEmail = new SmtpEmailAdapter(config.smtp);
  const probes = new ProbeMonitor({
    store: new ProbeStore(dataSource),
    read: (definition) => readProbe(definition, { dataSource, temporal: client, taskQueue: config.taskQueue }),
    notify: probeNotifier({ email: probeEmail, ...(config.opsEmail ? { opsEmail: config.opsEmail } : {}) }),
    intervalMs: config.probeIntervalMs,
    log,
    onEvaluated: (probe, state) => metrics.probeEvaluated(probe, state),
  });
  probes.start();
  const webhookOutbox = new OutboxDispatcher({ store: new WebhookStore(dataSource), temporal: client, taskQueue: config.taskQueue, intervalMs: config.webhookDispatchMs, log });
  webhookOutbox.start();

  const build = config.deployment ? `, build ${config.deployment.name}/${config.deployment.buildId}` : '';
  console.log(`worker ready on task queue ${config.taskQueue} (temporal ${describeTemporalConnectionLine(config.temporal.settings)}${build})`);
  try {
    const outcomes = await Promise.allSettled([worker.run().finally(stopAll), providerWorkers.run().finally(stopAll)]);
    const failed = outcomes.find((o) => o.status === 'rejected');
    if (failed) throw failed.reason;
  } finally {
    await probes.stop();
    await webhookOutbox.stop();
    await metricsServer?.close();
    probeEmail.close();
    await closeAll();
  }

  async function closeAll(): Promise<void> {
    await clientConnection.close();
    await connection.close();
    await dataSource.destroy();
    // Last: sends the spans still buffered (the final activity attempts').
    await processTracing?.shutdown().catch((err: unknown) => console.error(`worker: could not send the last spans: ${messageOf(err)}`));
  }
}

async function connectTemporal(config: WorkerConfig, tracing: WorkerTracing) {
  const { settings, options } = config.temporal;
  try {
    const connection = await NativeConnection.connect(options);
    const clientConnection = await Connection.connect(options);
    const client = new Client({ connection: clientConnection, namespace: config.namespace, ...(tracing.client.length ? { interceptors: { workflow: tracing.client } } : {}) });
    return { connection, client, clientConnection };
  } catch (err) {
    // A refused certificate or key is a configuration mistake: say which variable to change.
    const credentials = await diagnoseTemporalConnection(err, settings, options);
    if (credentials) throw new StartupError(credentials);
    throw new StartupError(
      `cannot reach Temporal at ${describeTemporalConnectionLine(settings)} (${messageOf(err)}): start it with \`npm start\` or point TEMPORAL_ADDRESS at a running server`,
    );
  }
}

class StartupError extends Error {}

/** A loopback port free right now (for the SDK's exporter, which cannot report the port it bound). */
function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    if (err instanceof ConfigError || err instanceof StartupError) console.error(`worker: ${err.message}`);
    else console.error('worker: stopped by an unexpected error', err);
    process.exit(1);
  },
);
