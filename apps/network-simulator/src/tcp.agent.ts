import { type Server, type Socket, createServer } from 'node:net';
import { WireServiceOrder } from '@signalbox/contracts';
import { zodProblems } from './http/http-util';
import type { OrderService } from './orders.service';
import type { SimulatorState } from './state';

export const DEFAULT_TCP_PROVIDER = 'tcp-agent';

/**
 * The TCP agent: newline-delimited JSON, one WireServiceOrder per line, each answered by one line
 * (a WireOrderResult, or `{ statusCode, error, message }`). A line may carry `"provider"` to pick
 * the provider whose state and behaviour apply. Lines on one connection are answered in order.
 */
export function createTcpAgent(state: SimulatorState, orders: OrderService): { server: Server; closeConnections(): void } {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.setEncoding('utf8');
    let buffered = '';
    let queue = Promise.resolve();
    socket.on('data', (chunk: string) => {
      buffered += chunk;
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline).trim();
        buffered = buffered.slice(newline + 1);
        if (line === '') continue;
        queue = queue.then(async () => {
          const answer = await answerLine(line, state, orders);
          if (!socket.destroyed) socket.write(`${JSON.stringify(answer)}\n`);
        });
      }
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => sockets.delete(socket));
  });
  return {
    server,
    closeConnections: () => sockets.forEach((s) => s.destroy()),
  };
}

async function answerLine(line: string, state: SimulatorState, orders: OrderService): Promise<unknown> {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    // The parser's message quotes the line, which may hold a credential.
    const position = /at position (\d+)/.exec((error as Error).message)?.[1];
    return failure(400, 'BadRequest', `the line is not valid JSON${position ? ` (at character ${position})` : ''}`);
  }
  const named = (value as { provider?: unknown } | null)?.provider;
  const provider = typeof named === 'string' && named !== '' ? named : DEFAULT_TCP_PROVIDER;
  const record = state.journal.open({ provider, transport: 'tcp', method: 'LINE', path: `tcp/${provider}`, headers: {}, body: value });
  state.journal.stats(provider).received += 1;
  const answer = await answerOrder(provider, value, orders, record);
  state.journal.close(record, 'statusCode' in answer ? (answer.statusCode as number) : 200, answer);
  return answer;
}

async function answerOrder(
  provider: string,
  value: unknown,
  orders: OrderService,
  record: Parameters<OrderService['handle']>[2]['record'],
): Promise<Record<string, unknown>> {
  if (orders.isDown(provider)) return failure(503, 'ServiceUnavailable', `provider ${provider} is down (simulated)`);
  const order = WireServiceOrder.safeParse(value);
  if (!order.success) {
    const problems = zodProblems(order.error.issues, value);
    return { ...failure(400, 'ValidationError', `${problems.length} problem(s) in the order`), problems };
  }
  const outcome = await orders.handle(provider, order.data, { transport: 'tcp', record });
  if (outcome.kind === 'error') return { serviceOrderId: order.data.serviceOrderId, ...failure(outcome.status, outcome.error, outcome.message) };
  return outcome.result;
}

function failure(statusCode: number, error: string, message: string): Record<string, unknown> {
  return { statusCode, error, message };
}
