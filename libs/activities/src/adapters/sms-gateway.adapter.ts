import { context, propagation } from '@opentelemetry/api';
import { ApplicationFailure } from '@temporalio/common';
import type { WireMessage } from '@signalbox/contracts';
import type { Provider } from '@signalbox/domain';
import { authHeaders, MissingSecretError } from './auth-headers';

/**
 * SMS through an HTTP gateway speaking WireMessage: POST <endpoint>/messages. The worker's default
 * gateway, or an `sms` provider's first endpoint with its authentication (a signature provider
 * signs the body, and signs its delivery reports with the same secret).
 */
export class SmsGatewayAdapter {
  constructor(
    private readonly endpoint: string,
    private readonly timeoutMs = 10_000,
  ) {}

  async send(message: WireMessage, options: { test?: boolean; signal?: AbortSignal; provider?: Provider; endpoint?: string } = {}): Promise<{ httpStatus: number; body: unknown }> {
    const endpoint = options.endpoint ?? options.provider?.endpoints[0] ?? this.endpoint;
    const timeout = AbortSignal.timeout(options.provider?.requestTimeoutMs ?? this.timeoutMs);
    const text = JSON.stringify(message);
    const headers: Record<string, string> = { 'content-type': 'application/json', 'idempotency-key': message.messageId };
    if (options.provider) {
      try {
        Object.assign(headers, authHeaders(options.provider.auth, text, options.provider.code, Date.now()));
      } catch (err) {
        if (err instanceof MissingSecretError) throw ApplicationFailure.nonRetryable(err.message, 'ProviderMisconfigured');
        throw err;
      }
    }
    if (options.test) headers['x-signalbox-test'] = '1';
    // W3C traceparent of the activity's span when the worker traces; nothing otherwise.
    propagation.inject(context.active(), headers);
    let response: Response;
    try {
      response = await fetch(`${endpoint.replace(/\/+$/, '')}/messages`, {
        method: 'POST',
        headers,
        body: text,
        signal: options.signal ? AbortSignal.any([timeout, options.signal]) : timeout,
      });
    } catch (err) {
      throw ApplicationFailure.retryable(`the message gateway ${endpoint} is unreachable: ${err instanceof Error ? err.message : String(err)}`, 'GatewayUnavailable');
    }
    const answer = await response.text().catch(() => '');
    let body: unknown = answer;
    try {
      body = answer ? JSON.parse(answer) : null;
    } catch {
      // keep the text
    }
    if (response.status >= 400 && response.status < 500) {
      throw ApplicationFailure.nonRetryable(`the message gateway refused the message: ${response.status} ${answer.slice(0, 200)}`, 'GatewayRejected');
    }
    if (response.status >= 500) throw ApplicationFailure.retryable(`the message gateway answered ${response.status}`, 'GatewayUnavailable');
    return { httpStatus: response.status, body };
  }
}
