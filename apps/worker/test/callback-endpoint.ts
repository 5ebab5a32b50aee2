import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Client } from '@temporalio/client';
import { receiveCallback, type ServiceOrderStore } from '@signalbox/persistence';
import { WireCallback, orderResponseSignal } from '@signalbox/contracts';

/**
 * The API's `POST /api/service-orders/{id}/response` for worker tests, which run without the API:
 * the same `receiveCallback` decides what is recorded and what is delivered (a repeat is delivered
 * again while the order is open); only the HTTP framing and the signal call are this file's.
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
        if (!parsed.success || parsed.data.serviceOrderId !== match[1]) return res.writeHead(422).end();
        const receipt = await receiveCallback(store, match[1], parsed.data);
        if (receipt.kind === 'closed') return res.writeHead(409).end();
        if (receipt.kind === 'duplicate' || !receipt.delivery) return res.writeHead(receipt.kind === 'recorded' ? 202 : 200).end();
        try {
          await client.workflow.getHandle(receipt.delivery.runWorkflowId).signal(orderResponseSignal, receipt.delivery.response);
        } catch {
          return res.writeHead(503).end();
        }
        res.writeHead(202).end();
      })().catch(() => res.writeHead(500).end());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
