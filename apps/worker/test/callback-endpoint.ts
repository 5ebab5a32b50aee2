import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Client } from '@temporalio/client';
import type { ServiceOrderStore } from '@signalbox/persistence';
import { orderResponseSignal, WireCallback, type OrderResponse } from '@signalbox/contracts';

/**
 * What the API's `POST /api/service-orders/{id}/response` does, reduced to its effect on the
 * engine: record the provider's answer and signal the run waiting for it. The worker's tests run
 * without the API; this keeps the callback path real (simulator → HTTP → store → signal).
 */
export async function startCallbackEndpoint(store: ServiceOrderStore, client: Client): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const match = /^\/api\/service-orders\/([^/]+)\/response$/.exec(req.url ?? '');
    if (req.method !== 'POST' || !match) {
      res.writeHead(404).end();
      return;
    }
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      void (async () => {
        const parsed = WireCallback.safeParse(JSON.parse(body || '{}'));
        if (!parsed.success) return res.writeHead(422).end();
        const { outcome, order } = await store.recordCallback(match[1], parsed.data as unknown as Record<string, unknown>);
        if (outcome === 'closed') return res.writeHead(409).end();
        if (outcome === 'recorded' && order.runWorkflowId) {
          const response: OrderResponse = {
            serviceOrderId: order.id,
            status: parsed.data.status,
            ...(parsed.data.message ? { message: parsed.data.message } : {}),
            ...(parsed.data.state ? { payload: parsed.data.state } : {}),
          };
          await client.workflow.getHandle(order.runWorkflowId).signal(orderResponseSignal, response);
        }
        res.writeHead(outcome === 'duplicate' ? 200 : 202).end();
      })().catch(() => res.writeHead(500).end());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
