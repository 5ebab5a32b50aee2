import { randomUUID } from 'node:crypto';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { inject } from 'vitest';
import type { DataSource } from 'typeorm';
import { createActivities, type Activities, type ActivitiesConfig, type SnapshotLoader } from '@signalbox/activities';
import { createDataSource, MessageStore, ServiceOrderStore, ServiceSlots, TmfStore, WebhookStore } from '@signalbox/persistence';
import { DEFAULT_TASK_QUEUE, WORKFLOW_TYPES, runWorkflowId, type InterpreterWorkflow, type RunInput, type VersionSnapshot } from '@signalbox/contracts';
import type { ActionCode, GraphEdge, GraphNode, Provider, ServiceType, Template } from '@signalbox/domain';
import { createTestDatabase } from '@signalbox/tools/infra';
import { createSignalboxWorker } from '../src/create-worker';
import { startCallbackEndpoint } from './callback-endpoint';

export interface Catalog {
  providers: Record<string, Provider>;
  serviceTypes: Record<string, ServiceType>;
  actionCodes: Record<string, ActionCode>;
  templates: Record<string, Template>;
  /** Published graphs of other event codes (for link-event). */
  published: Record<string, VersionSnapshot>;
}

export interface Harness {
  client: Client;
  taskQueue: string;
  store: ServiceOrderStore;
  /** Order slots (who holds and who waits for each service's and sync provider's slot). */
  slots: ServiceSlots;
  dataSource: DataSource;
  catalog: Catalog;
  simulatorUrl: string;
  worker: Worker;
  /** What the harness's worker runs, for tests that start workers of their own. */
  activities: Activities;
  stop(): Promise<void>;
}

/** Real database (migrated), real Temporal, a worker in this process on its own task queue. */
export async function startHarness(
  options: { config?: Partial<ActivitiesConfig>; catalog?: Partial<Catalog>; temporal?: { address: string; namespace: string } } = {},
): Promise<Harness> {
  const address = options.temporal?.address ?? inject('temporalAddress');
  const namespace = options.temporal?.namespace ?? inject('temporalNamespace');
  const simulatorUrl = inject('simulatorUrl');
  const database = await createTestDatabase();
  const dataSource = createDataSource({ url: database.url, migrationsRun: true, poolSize: 5 });
  await dataSource.initialize();
  const store = new ServiceOrderStore(dataSource);
  const slots = new ServiceSlots(dataSource);
  const clientConnection = await Connection.connect({ address });
  const client = new Client({ connection: clientConnection, namespace });
  const connection = await NativeConnection.connect({ address });
  const taskQueue = `${DEFAULT_TASK_QUEUE}-test-${randomUUID().slice(0, 8)}`;
  const catalog: Catalog = { providers: {}, serviceTypes: {}, actionCodes: {}, templates: {}, published: {}, ...options.catalog };
  const callbacks = await startCallbackEndpoint(store, client);
  const snapshots: SnapshotLoader = { load: async (code) => catalog.published[code] };
  const activities = createActivities({
    orders: store,
    providers: { load: async (code) => catalog.providers[code] },
    snapshots,
    temporal: client,
    slots,
    messages: new MessageStore(dataSource),
    // Hub listeners made by tests keep their secret in the clear: nothing here is sealed.
    tmf: { store: new TmfStore(dataSource), openSecret: (secret) => secret },
    webhooks: { store: new WebhookStore(dataSource), openSecret: (secret) => secret },
    config: { taskQueue, simulatorUrl, smtp: { host: '127.0.0.1', port: inject('smtpPort'), from: 'signalbox@test' }, callbackBaseUrl: callbacks.url, ...options.config },
  });
  const worker = await createSignalboxWorker({ connection, namespace, taskQueue, activities, workflowBundle: { codePath: inject('bundlePath') } });
  const running = worker.run();
  return {
    client,
    taskQueue,
    store,
    slots,
    dataSource,
    catalog,
    simulatorUrl,
    worker,
    activities,
    async stop() {
      // A test may have stopped the worker itself (to run workers of its own on the queue).
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
      await callbacks.close();
      await connection.close();
      await clientConnection.close();
      await dataSource.destroy();
      await database.drop();
    },
  };
}

/** A provider served by the simulator under `code`. */
export function simulatorProvider(simulatorUrl: string, code: string, patch: Partial<Provider> = {}): Provider {
  return {
    code,
    name: code,
    protocol: 'http',
    endpoints: [`${simulatorUrl}/providers/${code}`],
    auth: { type: 'none' },
    requestTimeoutMs: 5_000,
    mode: 'async',
    allowInFlightChanges: false,
    state: 'effective',
    ...patch,
  };
}

export function serviceType(code: string, patch: Partial<ServiceType> = {}): ServiceType {
  return {
    code,
    name: code,
    telco: true,
    permitted: true,
    defaultMode: 'confirmed',
    allowInFlightChanges: false,
    fields: ['msisdn', 'imsi'],
    transitions: [
      { from: 'NEW', to: 'READY' },
      { from: 'READY', to: 'PROCESSING' },
      { from: 'PROCESSING', to: 'COMPLETED' },
      { from: 'PROCESSING', to: 'FAILED' },
      { from: 'NEW', to: 'FAILED' },
      { from: 'READY', to: 'FAILED' },
    ],
    ...patch,
  };
}

/** A provisioning action code on `/service/telco/gprs` (see serviceType) with a quick retry policy. */
export function provisioningCode(code: string, provider: string, parameters: Record<string, unknown> = {}, compensation?: string): ActionCode {
  return {
    code,
    actionType: 'provisioning',
    name: code,
    parameters: { provider, serviceType: '/service/telco/gprs', action: 'A', fields: ['data.apn'], timeout: '20s', maxWait: '1h', priority: 'normal', ...parameters },
    retry: { maximumAttempts: 3, initialInterval: '100ms', backoffCoefficient: 2, maximumInterval: '1s' },
    ...(compensation ? { compensation } : {}),
  };
}

/** Builds a graph from nodes and `source:handle->target` edge strings (edge ids e1, e2… in order). */
export function graph(nodes: GraphNode[], edges: string[]): { nodes: GraphNode[]; edges: GraphEdge[] } {
  return {
    nodes,
    edges: edges.map((text, i) => {
      const m = /^([\w-]+):([\w-]+)->([\w-]+)$/.exec(text);
      if (!m) throw new Error(`bad edge ${text}`);
      return { id: `e${String(i + 1).padStart(2, '0')}`, source: m[1], sourceHandle: m[2], target: m[3] };
    }),
  };
}

export function snapshot(h: Harness, eventCode: string, g: { nodes: GraphNode[]; edges: GraphEdge[] }): VersionSnapshot {
  return {
    eventCode,
    eventType: 'PROVISIONING',
    version: 1,
    graph: g,
    actionCodes: h.catalog.actionCodes,
    templates: h.catalog.templates,
    providers: Object.fromEntries(Object.entries(h.catalog.providers).map(([k, p]) => [k, { ...p, auth: { type: p.auth.type } }])),
    serviceTypes: h.catalog.serviceTypes,
  };
}

export async function startRun(
  h: Harness,
  snap: VersionSnapshot,
  patch: Partial<RunInput> = {},
): Promise<WorkflowHandle<InterpreterWorkflow>> {
  const eventId = randomUUID();
  const input: RunInput = {
    snapshot: snap,
    subject: { msisdn: '447700900123', serviceId: `svc-${eventId.slice(0, 8)}` },
    data: {},
    eventId,
    raisedAt: new Date().toISOString(),
    test: false,
    ...patch,
  };
  return h.client.workflow.start<InterpreterWorkflow>(WORKFLOW_TYPES.interpreter, {
    workflowId: runWorkflowId(snap.eventCode, eventId),
    taskQueue: h.taskQueue,
    args: [input],
  });
}

export async function simulator(path: string, init: { method?: string; body?: unknown } = {}): Promise<unknown> {
  const response = await fetch(`${inject('simulatorUrl')}${path}`, {
    method: init.method ?? 'GET',
    ...(init.body !== undefined ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(init.body) } : {}),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`simulator ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/** A short random suffix that keeps each test's providers, codes and keys its own. */
export const uniq = (): string => randomUUID().slice(0, 8);

export const start = (id = 'start'): GraphNode => ({ id, kind: 'start' });
export const end = (id = 'end', result: 'completed' | 'failed' = 'completed'): GraphNode => ({ id, kind: 'end', result });
export const action = (id: string, actionCode: string, inputs: Record<string, string> = {}): GraphNode => ({ id, kind: 'action', actionCode, inputs });
