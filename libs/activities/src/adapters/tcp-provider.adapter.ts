import { connect, type Socket } from 'node:net';
import { ApplicationFailure } from '@temporalio/common';
import { WireOrderResult, type WireServiceOrder } from '@signalbox/contracts';
import type { Provider } from '@signalbox/domain';
import type { HttpExchange, OrderAnswer, ProviderFailureDetails, SendOptions } from './http-provider.adapter';

/** One answer line, or why there was none. */
type LineOutcome = { kind: 'line'; value: unknown; latencyMs: number } | { kind: 'unavailable'; problem: string };

/**
 * The TCP agent sender: newline-delimited JSON over `tcp://host:port`, one connection per order,
 * endpoints tried in order, each with the provider's request timeout. The order goes out as one
 * `WireServiceOrder` line (plus `provider`, the provider's code, so one agent can serve several
 * providers); the answer is the line carrying the same `serviceOrderId` (a `WireOrderResult`, or
 * `{ statusCode, error, message }`). Status 4xx is the agent refusing the order (not retried);
 * 5xx, refused connections, dropped connections and timeouts move on to the next endpoint and are
 * finally retried by Temporal. The agent deduplicates by `serviceOrderId`, so a retry never
 * creates a second order. The protocol carries no credentials.
 */
export class TcpProviderAdapter {
  constructor(private readonly now: () => number = Date.now) {}

  async sendOrder(provider: Provider, order: WireServiceOrder, options: SendOptions = {}): Promise<OrderAnswer> {
    if (provider.auth.type !== 'none') {
      throw ApplicationFailure.nonRetryable(
        `provider ${provider.code} uses the tcp protocol, which carries no credentials: set its authentication to none`,
        'ProviderMisconfigured',
      );
    }
    const endpoints = options.endpoints ?? provider.endpoints;
    const line = `${JSON.stringify({ ...order, provider: provider.code })}\n`;
    let lastProblem = 'no endpoint configured';
    let lastAnswer: HttpExchange | undefined;
    for (const endpoint of endpoints) {
      const { host, port } = parseEndpoint(provider, endpoint);
      const outcome = await this.exchange(host, port, line, order.serviceOrderId, provider.requestTimeoutMs, options.signal);
      if (outcome.kind === 'unavailable') {
        lastProblem = `${endpoint} ${outcome.problem}`;
        continue;
      }
      const statusCode = statusOf(outcome.value);
      const answer: HttpExchange = { endpoint, httpStatus: statusCode ?? 200, body: outcome.value, latencyMs: outcome.latencyMs };
      if (statusCode === undefined) {
        const parsed = WireOrderResult.safeParse(outcome.value);
        if (parsed.success) return { kind: 'result', result: parsed.data, ...answer };
        throw ApplicationFailure.nonRetryable(`provider ${provider.code} answered with a line that is not an order result`, 'ProviderProtocolError', detailsOf(answer));
      }
      if (statusCode >= 400 && statusCode < 500) {
        throw ApplicationFailure.nonRetryable(`provider ${provider.code} refused the order: ${statusCode} ${errorText(outcome.value)}`, 'ProviderRejected', detailsOf(answer));
      }
      lastAnswer = answer;
      lastProblem = `${endpoint} answered ${statusCode} ${errorText(outcome.value)}`;
    }
    throw ApplicationFailure.retryable(`provider ${provider.code} is unavailable: ${lastProblem}`, 'ProviderUnavailable', ...(lastAnswer ? [detailsOf(lastAnswer)] : []));
  }

  /** Connects, writes the line and resolves with the answer for `serviceOrderId`; never rejects except on cancellation. */
  private exchange(host: string, port: number, line: string, serviceOrderId: string, timeoutMs: number, signal?: AbortSignal): Promise<LineOutcome> {
    signal?.throwIfAborted();
    const started = this.now();
    return new Promise<LineOutcome>((resolve, reject) => {
      let settled = false;
      let buffered = '';
      const socket: Socket = connect({ host, port });
      const finish = (outcome: LineOutcome | { kind: 'aborted'; reason: unknown }) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        socket.destroy();
        if (outcome.kind === 'aborted') reject(outcome.reason);
        else resolve(outcome);
      };
      const onAbort = () => finish({ kind: 'aborted', reason: signal?.reason });
      const timer = setTimeout(() => finish({ kind: 'unavailable', problem: `gave no answer within ${timeoutMs} ms` }), timeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      socket.setEncoding('utf8');
      socket.setNoDelay(true);
      socket.on('connect', () => socket.write(line));
      socket.on('data', (chunk: string) => {
        buffered += chunk;
        let newline: number;
        while ((newline = buffered.indexOf('\n')) >= 0) {
          const text = buffered.slice(0, newline).trim();
          buffered = buffered.slice(newline + 1);
          if (text === '') continue;
          let value: unknown;
          try {
            value = JSON.parse(text);
          } catch {
            value = text.slice(0, 2000);
          }
          if (answers(value, serviceOrderId)) return finish({ kind: 'line', value, latencyMs: this.now() - started });
        }
      });
      socket.on('error', (err: NodeJS.ErrnoException) => finish({ kind: 'unavailable', problem: `is unreachable (${err.code ?? err.message})` }));
      socket.on('close', () => finish({ kind: 'unavailable', problem: 'closed the connection without answering' }));
    });
  }
}

/** `tcp://host:port`; anything else is a configuration error, not worth retrying. */
function parseEndpoint(provider: Provider, endpoint: string): { host: string; port: number } {
  let url: URL | undefined;
  try {
    url = new URL(endpoint);
  } catch {
    url = undefined;
  }
  const port = url ? Number(url.port) : NaN;
  if (!url || url.protocol !== 'tcp:' || !url.hostname || !Number.isInteger(port) || port <= 0) {
    throw ApplicationFailure.nonRetryable(`provider ${provider.code} has the endpoint ${endpoint}, which is not tcp://host:port`, 'ProviderMisconfigured');
  }
  return { host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port };
}

/**
 * The line for our order: one carrying our id, or an error line without an id (a line the agent
 * could not read as an order, which on a connection of its own can only be ours).
 */
function answers(value: unknown, serviceOrderId: string): boolean {
  if (typeof value !== 'object' || value === null) return true;
  const id = (value as { serviceOrderId?: unknown }).serviceOrderId;
  return id === serviceOrderId || (id === undefined && statusOf(value) !== undefined);
}

function statusOf(value: unknown): number | undefined {
  const code = typeof value === 'object' && value !== null ? (value as { statusCode?: unknown }).statusCode : undefined;
  return typeof code === 'number' ? code : undefined;
}

function detailsOf(answer: HttpExchange): ProviderFailureDetails {
  return { endpoint: answer.endpoint, httpStatus: answer.httpStatus, body: answer.body, latencyMs: answer.latencyMs };
}

function errorText(body: unknown): string {
  if (typeof body === 'object' && body !== null) {
    const b = body as { message?: unknown; error?: unknown };
    if (typeof b.message === 'string') return b.message;
    if (typeof b.error === 'string') return b.error;
  }
  return typeof body === 'string' ? body.slice(0, 200) : '';
}
