import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Provider } from '@signalbox/domain';
import type { WireServiceOrder } from '@signalbox/contracts';
import { TcpProviderAdapter } from './tcp-provider.adapter';

/** The real network simulator process (built by `npm run build -w apps/network-simulator`). */
const SIMULATOR_MAIN = path.resolve(__dirname, '../../../../apps/network-simulator/dist/main.js');

let simulator: ChildProcess;
let controlUrl: string;
let agent: string;

beforeAll(async () => {
  simulator = spawn(process.execPath, [SIMULATOR_MAIN], {
    env: { ...process.env, SIMULATOR_HOST: '127.0.0.1', SIMULATOR_PORT: '0', SIMULATOR_TCP_PORT: '0', SIMULATOR_SMTP_PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const ready = await new Promise<{ url: string; tcpPort: number }>((resolve, reject) => {
    let out = '';
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (http:\/\/\S+) \(tcp (\d+), smtp \d+\)/.exec(out);
      if (m) resolve({ url: m[1], tcpPort: Number(m[2]) });
    };
    simulator.stdout?.on('data', onData);
    simulator.stderr?.on('data', onData);
    simulator.on('exit', (code) => reject(new Error(`the network simulator exited with ${code}:\n${out}`)));
  });
  controlUrl = ready.url;
  agent = `tcp://127.0.0.1:${ready.tcpPort}`;
});

afterAll(async () => {
  if (!simulator || simulator.exitCode !== null) return;
  const exited = new Promise((r) => simulator.once('exit', r));
  simulator.kill('SIGTERM');
  await exited;
});

async function control(pathname: string, init: { method?: string; body?: unknown } = {}): Promise<unknown> {
  const response = await fetch(`${controlUrl}${pathname}`, {
    method: init.method ?? 'GET',
    ...(init.body !== undefined ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(init.body) } : {}),
  });
  expect(response.ok).toBe(true);
  return response.json();
}

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

const provider = (code: string, patch: Partial<Provider> = {}): Provider => ({
  code,
  name: code,
  protocol: 'tcp',
  endpoints: [agent],
  auth: { type: 'none' },
  requestTimeoutMs: 2_000,
  mode: 'sync',
  allowInFlightChanges: false,
  state: 'effective',
  ...patch,
});

const order = (patch: Partial<WireServiceOrder> = {}): WireServiceOrder => ({
  serviceOrderId: randomUUID(),
  action: 'A',
  serviceType: '/service/telco/gprs',
  priority: 'normal',
  subject: { msisdn: '447700900123', serviceId: `svc-${randomUUID().slice(0, 8)}` },
  fields: { apn: 'internet' },
  ...patch,
});

describe('TcpProviderAdapter against the network simulator', () => {
  it('sends one line and reads the matching result; a repeat is answered once by the agent', async () => {
    const code = `tcp-${randomUUID().slice(0, 8)}`;
    const o = order();
    const answer = await new TcpProviderAdapter().sendOrder(provider(code), o);
    expect(answer).toMatchObject({ kind: 'result', endpoint: agent, httpStatus: 200, result: { serviceOrderId: o.serviceOrderId, status: 'COMPLETED' } });
    const again = await new TcpProviderAdapter().sendOrder(provider(code), o);
    expect(again).toMatchObject({ kind: 'result', result: { serviceOrderId: o.serviceOrderId, status: 'COMPLETED' } });
    const seen = (await control(`/control/providers/${code}`)) as { stats: { received: number; duplicates: number; completed: number } };
    expect(seen.stats).toMatchObject({ received: 2, duplicates: 1, completed: 1 });
    const requests = (await control(`/control/requests?provider=${code}`)) as { items: { transport: string; body: { serviceOrderId: string; provider: string } }[] };
    expect(requests.items[0]).toMatchObject({ transport: 'tcp', body: { serviceOrderId: o.serviceOrderId, provider: code } });
  });

  it('reports a FAILED answer as a result, not an error', async () => {
    const code = `tcp-${randomUUID().slice(0, 8)}`;
    await control(`/control/providers/${code}`, { method: 'PUT', body: { failNext: 1 } });
    const answer = await new TcpProviderAdapter().sendOrder(provider(code), order());
    expect(answer).toMatchObject({ kind: 'result', result: { status: 'FAILED' } });
    // An order the subscriber state refuses is a FAILED answer too.
    const refused = await new TcpProviderAdapter().sendOrder(provider(code), order({ action: 'R' }));
    expect(refused).toMatchObject({ kind: 'result', result: { status: 'FAILED', message: expect.any(String) } });
  });

  it('a hung agent times out as a retryable failure', async () => {
    const code = `tcp-${randomUUID().slice(0, 8)}`;
    await control(`/control/providers/${code}`, { method: 'PUT', body: { hang: true } });
    const err = await new TcpProviderAdapter().sendOrder(provider(code, { requestTimeoutMs: 300 }), order()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApplicationFailure);
    expect(err).toMatchObject({ nonRetryable: false, type: 'ProviderUnavailable', message: expect.stringContaining('gave no answer within 300 ms') });
  });

  it('falls back to the next endpoint when the first is unreachable', async () => {
    const code = `tcp-${randomUUID().slice(0, 8)}`;
    const dead = `tcp://127.0.0.1:${await closedPort()}`;
    const answer = await new TcpProviderAdapter().sendOrder(provider(code, { endpoints: [dead, agent] }), order());
    expect(answer).toMatchObject({ kind: 'result', endpoint: agent, result: { status: 'COMPLETED' } });
    const down = await new TcpProviderAdapter().sendOrder(provider(code, { endpoints: [dead] }), order()).catch((e: unknown) => e);
    expect(down).toMatchObject({ nonRetryable: false, type: 'ProviderUnavailable', message: expect.stringContaining('unreachable (ECONNREFUSED)') });
  });

  it('an agent that is down (503) is retried; an order it cannot read (400) is not', async () => {
    const code = `tcp-${randomUUID().slice(0, 8)}`;
    await control(`/control/providers/${code}`, { method: 'PUT', body: { down: true } });
    const down = await new TcpProviderAdapter().sendOrder(provider(code), order()).catch((e: unknown) => e);
    expect(down).toMatchObject({ nonRetryable: false, type: 'ProviderUnavailable', details: [expect.objectContaining({ httpStatus: 503 })] });
    const bad = await new TcpProviderAdapter()
      .sendOrder(provider(`tcp-${randomUUID().slice(0, 8)}`), { ...order(), action: 'X' } as unknown as WireServiceOrder)
      .catch((e: unknown) => e);
    expect(bad).toMatchObject({ nonRetryable: true, type: 'ProviderRejected', details: [expect.objectContaining({ httpStatus: 400 })] });
  });

  it('refuses endpoints that are not tcp://host:port and providers with credentials', async () => {
    const wrong = await new TcpProviderAdapter().sendOrder(provider('tcp-x', { endpoints: ['http://127.0.0.1:4301'] }), order()).catch((e: unknown) => e);
    expect(wrong).toMatchObject({ nonRetryable: true, type: 'ProviderMisconfigured', message: expect.stringContaining('not tcp://host:port') });
    const secret = await new TcpProviderAdapter().sendOrder(provider('tcp-x', { auth: { type: 'basic', username: 'u', password: 'p' } }), order()).catch((e: unknown) => e);
    expect(secret).toMatchObject({ nonRetryable: true, type: 'ProviderMisconfigured' });
  });
});
