import { type IncomingMessage, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { WireServiceOrder } from '@signalbox/contracts';
import { waitFor } from '@signalbox/tools/wait';
import { type RunningSimulator, type SimulatorOptions, startSimulator } from '../src/simulator';

export async function startTestSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  return startSimulator({ port: 0, tcpPort: 0, smtpPort: 0, callbacks: { baseDelayMs: 20 }, ...options });
}

/**
 * One simulator for the test file, reset before each test. The returned object is filled in
 * when the file's tests start, so read its fields inside tests and hooks only.
 */
export function useSimulator(options: SimulatorOptions = {}): RunningSimulator {
  const sim = {} as RunningSimulator;
  beforeAll(async () => {
    Object.assign(sim, await startTestSimulator(options));
  });
  afterAll(async () => {
    await sim.stop();
  });
  beforeEach(async () => {
    await request(`${sim.url}/control/reset`, { method: 'POST' });
  });
  return sim;
}

/** Answers in tests are checked with expect(); loose typing keeps property access short. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface JsonResponse<T = Json> {
  status: number;
  body: T;
}

export async function request<T = Json>(url: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<JsonResponse<T>> {
  const body = init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
  const response = await fetch(url, {
    method: init.method ?? (body === undefined ? 'GET' : 'POST'),
    headers: { 'content-type': 'application/json', ...init.headers },
    body,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

export function order(overrides: Partial<WireServiceOrder> = {}): WireServiceOrder {
  return {
    serviceOrderId: `so-${Math.random().toString(36).slice(2, 10)}`,
    action: 'A',
    serviceType: '/service/telco/gprs',
    priority: 'normal',
    subject: { msisdn: '31610000001', serviceId: 'svc-1' },
    fields: { apn: 'internet' },
    ...overrides,
  };
}

export async function sendOrder(sim: RunningSimulator, provider: string, body: WireServiceOrder, headers: Record<string, string> = {}) {
  return request(`${sim.url}/providers/${provider}/orders`, { body, headers: { 'idempotency-key': body.serviceOrderId, ...headers } });
}

export async function configure(sim: RunningSimulator, provider: string, behaviour: Record<string, unknown>) {
  const response = await request(`${sim.url}/control/providers/${provider}`, { method: 'PUT', body: behaviour });
  if (response.status !== 200) throw new Error(`configure ${provider} failed: ${JSON.stringify(response.body)}`);
  return response.body;
}

/** Polls until `check` returns a value (the simulator's work is asynchronous; nothing here is timed). */
export async function eventually<T>(check: () => Promise<T | undefined>, what: string): Promise<T> {
  return (await waitFor(async () => {
    const value = await check();
    return value === undefined ? undefined : { value };
  }, { timeout: 15_000, interval: 20, message: what })).value;
}

/** A tiny HTTP server standing in for Signalbox's callback endpoint. */
export interface CallbackTarget {
  url: string;
  received: Array<{ path: string; headers: IncomingMessage['headers']; body: Json }>;
  /** Answer 503 to this many callbacks before accepting. */
  refuseNext: number;
  close(): Promise<void>;
}

export async function startCallbackTarget(): Promise<CallbackTarget> {
  const target: CallbackTarget = { url: '', received: [], refuseNext: 0, close: async () => undefined };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (target.refuseNext > 0) {
        target.refuseNext -= 1;
        res.writeHead(503).end();
        return;
      }
      target.received.push({ path: req.url ?? '', headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      res.writeHead(202, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  target.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  target.close = () =>
    new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return target;
}
