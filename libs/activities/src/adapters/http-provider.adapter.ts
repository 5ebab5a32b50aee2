import { context, propagation } from '@opentelemetry/api';
import { ApplicationFailure } from '@temporalio/common';
import { WireOrderResult, type WireServiceOrder } from '@signalbox/contracts';
import type { Provider } from '@signalbox/domain';
import { authHeaders, MissingSecretError } from './auth-headers';

export interface HttpExchange {
  endpoint: string;
  httpStatus: number;
  body: unknown;
  latencyMs: number;
}

export type OrderAnswer = ({ kind: 'result'; result: WireOrderResult } | { kind: 'accepted' }) & HttpExchange;

export interface SendOptions {
  /** Marks the request as a test (X-Signalbox-Test: 1). */
  test?: boolean;
  /** Aborts the request (activity cancellation). */
  signal?: AbortSignal;
  /** Replaces the provider's endpoints (test runs routed to the simulator). */
  endpoints?: string[];
}

export interface HttpRequest extends SendOptions {
  method: string;
  path: string;
  body?: string;
  idempotencyKey?: string;
}

/** Failure details attached to the ApplicationFailure, so the caller can log the exchange. */
export interface ProviderFailureDetails {
  endpoint?: string;
  httpStatus?: number;
  body?: unknown;
  latencyMs?: number;
}

/**
 * The HTTP event sender: JSON to `<endpoint>/orders`, endpoints tried in order, each with the
 * provider's request timeout. 4xx answers are the provider refusing the order (not retried);
 * 5xx answers and network errors are retried by Temporal with the action code's backoff. The
 * service-order id travels as Idempotency-Key, so a retry never creates a second order.
 */
export class HttpProviderAdapter {
  constructor(private readonly now: () => number = Date.now) {}

  async sendOrder(provider: Provider, order: WireServiceOrder, options: SendOptions = {}): Promise<OrderAnswer> {
    const answer = await this.request(provider, { ...options, method: 'POST', path: '/orders', body: JSON.stringify(order), idempotencyKey: order.serviceOrderId });
    if (answer.httpStatus === 202) return { kind: 'accepted', ...answer };
    const parsed = WireOrderResult.safeParse(answer.body);
    if (!parsed.success) {
      throw ApplicationFailure.nonRetryable(`provider ${provider.code} answered ${answer.httpStatus} with a body that is not an order result`, 'ProviderProtocolError', detailsOf(answer));
    }
    return { kind: 'result', result: parsed.data, ...answer };
  }

  /**
   * Reads the provider's view of one subscriber: `GET {endpoint}/subscribers/{key}` → 200 with its
   * state (the shape of WireOrderResult.state), 404 when the provider does not know it (undefined).
   */
  async readSubject(provider: Provider, subjectKey: string, options: SendOptions = {}): Promise<{ state: Record<string, unknown> | undefined } & HttpExchange> {
    try {
      const answer = await this.request(provider, { ...options, method: 'GET', path: `/subscribers/${encodeURIComponent(subjectKey)}` });
      const body = answer.body;
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        throw ApplicationFailure.nonRetryable(`provider ${provider.code} answered ${answer.httpStatus} with a body that is not a subscriber's state`, 'ProviderProtocolError', detailsOf(answer));
      }
      return { ...answer, state: body as Record<string, unknown> };
    } catch (err) {
      const details = err instanceof ApplicationFailure ? (err.details?.[0] as ProviderFailureDetails | undefined) : undefined;
      if (details?.httpStatus === 404) return { endpoint: details.endpoint ?? '', httpStatus: 404, body: details.body, latencyMs: details.latencyMs ?? 0, state: undefined };
      throw err;
    }
  }

  /** One HTTP call with the provider's endpoints, authentication and timeout; 2xx only. */
  async request(provider: Provider, req: HttpRequest): Promise<HttpExchange> {
    const endpoints = req.endpoints ?? provider.endpoints;
    let lastProblem = 'no endpoint configured';
    let lastAnswer: HttpExchange | undefined;
    for (const endpoint of endpoints) {
      const url = joinUrl(endpoint, req.path);
      const headers: Record<string, string> = { accept: 'application/json' };
      if (req.body !== undefined) headers['content-type'] = 'application/json';
      if (req.idempotencyKey) headers['idempotency-key'] = req.idempotencyKey;
      if (req.test) headers['x-signalbox-test'] = '1';
      // W3C traceparent of the activity's span when the worker traces; nothing otherwise.
      propagation.inject(context.active(), headers);
      try {
        Object.assign(headers, authHeaders(provider.auth, req.body ?? '', provider.code, this.now()));
      } catch (err) {
        if (err instanceof MissingSecretError) throw ApplicationFailure.nonRetryable(err.message, 'ProviderMisconfigured');
        throw err;
      }
      const timeout = AbortSignal.timeout(provider.requestTimeoutMs);
      const signal = req.signal ? AbortSignal.any([timeout, req.signal]) : timeout;
      const started = this.now();
      let response: Response;
      try {
        response = await fetch(url, { method: req.method, headers, body: req.body, signal });
      } catch (err) {
        if (req.signal?.aborted) throw err;
        lastProblem = timeout.aborted ? `no answer from ${url} within ${provider.requestTimeoutMs} ms` : `${url} is unreachable (${causeOf(err)})`;
        continue;
      }
      const text = await response.text().catch(() => '');
      const answer: HttpExchange = { endpoint, httpStatus: response.status, body: parseBody(text), latencyMs: this.now() - started };
      if (response.status >= 200 && response.status < 300) return answer;
      if (response.status >= 400 && response.status < 500) {
        throw ApplicationFailure.nonRetryable(`provider ${provider.code} refused the request: ${response.status} ${errorText(answer.body)}`, 'ProviderRejected', detailsOf(answer));
      }
      lastAnswer = answer;
      lastProblem = `${url} answered ${response.status} ${errorText(answer.body)}`;
    }
    throw ApplicationFailure.retryable(`provider ${provider.code} is unavailable: ${lastProblem}`, 'ProviderUnavailable', ...(lastAnswer ? [detailsOf(lastAnswer)] : []));
  }
}

function detailsOf(answer: HttpExchange): ProviderFailureDetails {
  return { endpoint: answer.endpoint, httpStatus: answer.httpStatus, body: answer.body, latencyMs: answer.latencyMs };
}

function joinUrl(endpoint: string, path: string): string {
  return `${endpoint.replace(/\/+$/, '')}${path.startsWith('/') ? path : `/${path}`}`;
}

function parseBody(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text.slice(0, 2000);
  }
}

function errorText(body: unknown): string {
  if (typeof body === 'object' && body !== null) {
    const b = body as { message?: unknown; error?: unknown };
    if (typeof b.message === 'string') return b.message;
    if (typeof b.error === 'string') return b.error;
  }
  return typeof body === 'string' ? body.slice(0, 200) : '';
}

function causeOf(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
}
