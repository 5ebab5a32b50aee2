import { context, propagation } from '@opentelemetry/api';
import { ApplicationFailure } from '@temporalio/common';
import type { WireMessage } from '@signalbox/contracts';

/** SMS, push and letters through an HTTP gateway speaking WireMessage: POST <endpoint>/messages. */
export class SmsGatewayAdapter {
  constructor(
    private readonly endpoint: string,
    private readonly timeoutMs = 10_000,
  ) {}

  async send(message: WireMessage, options: { test?: boolean; signal?: AbortSignal } = {}): Promise<{ httpStatus: number; body: unknown }> {
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const headers: Record<string, string> = { 'content-type': 'application/json', 'idempotency-key': message.messageId };
    if (options.test) headers['x-signalbox-test'] = '1';
    // W3C traceparent of the activity's span when the worker traces; nothing otherwise.
    propagation.inject(context.active(), headers);
    let response: Response;
    try {
      response = await fetch(`${this.endpoint.replace(/\/+$/, '')}/messages`, {
        method: 'POST',
        headers,
        body: JSON.stringify(message),
        signal: options.signal ? AbortSignal.any([timeout, options.signal]) : timeout,
      });
    } catch (err) {
      throw ApplicationFailure.retryable(`the message gateway ${this.endpoint} is unreachable: ${err instanceof Error ? err.message : String(err)}`, 'GatewayUnavailable');
    }
    const text = await response.text().catch(() => '');
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // keep the text
    }
    if (response.status >= 400 && response.status < 500) {
      throw ApplicationFailure.nonRetryable(`the message gateway refused the message: ${response.status} ${text.slice(0, 200)}`, 'GatewayRejected');
    }
    if (response.status >= 500) throw ApplicationFailure.retryable(`the message gateway answered ${response.status}`, 'GatewayUnavailable');
    return { httpStatus: response.status, body };
  }
}
