import { ApplicationFailure } from '@temporalio/common';
import { FCM_RECIPIENT_GONE_STATUSES, FCM_RETRYABLE_STATUSES, fcmSendPath, type FcmErrorBody, type FcmSendRequest } from '@signalbox/contracts';
import type { Provider } from '@signalbox/domain';
import { authHeaders, MissingSecretError } from './auth-headers';

export interface PushMessage {
  messageId: string;
  /** The device's registration token. */
  token: string;
  title: string;
  body: string;
  data?: Record<string, string>;
}

/** A refusal by the gateway; `recipientGone` when the device token is no longer valid. */
export const PUSH_REJECTED = 'PushRejected';
export const PUSH_UNREGISTERED = 'PushUnregistered';

/**
 * Push notifications through an FCM HTTP v1 style gateway (contracts' fcm-wire.ts): one POST per
 * message to `<endpoint>/v1/projects/<project>/messages:send` with the provider's bearer token.
 * Endpoints are tried in order while they are unreachable. An error body's `error.status` decides
 * retries: UNAVAILABLE, INTERNAL and quota errors are retryable, every other status (UNREGISTERED,
 * INVALID_ARGUMENT…) is a non-retryable refusal naming the status.
 */
export class FcmPushAdapter {
  constructor(private readonly now: () => number = Date.now) {}

  async send(provider: Provider, endpoints: readonly string[], message: PushMessage, options: { test?: boolean; signal?: AbortSignal } = {}): Promise<{ httpStatus: number; name: string }> {
    if (provider.protocol !== 'push' || !provider.push) {
      throw ApplicationFailure.nonRetryable(`provider ${provider.code} is not a push provider (protocol push with push.project)`, 'ProviderMisconfigured');
    }
    const request: FcmSendRequest = {
      message: { token: message.token, notification: { title: message.title, body: message.body }, ...(message.data ? { data: message.data } : {}) },
    };
    const body = JSON.stringify(request);
    let auth: Record<string, string>;
    try {
      auth = authHeaders(provider.auth, body, provider.code, this.now());
    } catch (err) {
      if (err instanceof MissingSecretError) throw ApplicationFailure.nonRetryable(err.message, 'ProviderMisconfigured');
      throw err;
    }
    const headers: Record<string, string> = { 'content-type': 'application/json', 'idempotency-key': message.messageId, ...auth };
    if (options.test) headers['x-signalbox-test'] = '1';
    const unreachable: string[] = [];
    for (const endpoint of endpoints) {
      const url = `${endpoint.replace(/\/+$/, '')}${fcmSendPath(provider.push.project)}`;
      const timeout = AbortSignal.timeout(provider.requestTimeoutMs);
      let response: Response;
      try {
        response = await fetch(url, { method: 'POST', headers, body, signal: options.signal ? AbortSignal.any([timeout, options.signal]) : timeout });
      } catch (err) {
        options.signal?.throwIfAborted();
        unreachable.push(`${endpoint}: ${err instanceof Error ? err.message : String(err)}`);
        continue;
      }
      const text = await response.text().catch(() => '');
      if (response.ok) {
        const name = parse<{ name?: unknown }>(text)?.name;
        return { httpStatus: response.status, name: typeof name === 'string' ? name : '' };
      }
      const error = parse<FcmErrorBody>(text)?.error;
      const status = typeof error?.status === 'string' ? error.status : response.status >= 500 ? 'UNAVAILABLE' : `HTTP_${response.status}`;
      const detail = `push gateway of ${provider.code} answered ${response.status} ${status}${error?.message ? `: ${String(error.message).slice(0, 200)}` : ''}`;
      if (FCM_RETRYABLE_STATUSES.includes(status) || response.status >= 500 || response.status === 429) {
        throw ApplicationFailure.retryable(detail, 'PushUnavailable', { status, httpStatus: response.status });
      }
      if (FCM_RECIPIENT_GONE_STATUSES.includes(status)) {
        throw ApplicationFailure.nonRetryable(`${detail} (the device token is no longer registered: the app was uninstalled or the token rotated)`, PUSH_UNREGISTERED, { status, httpStatus: response.status });
      }
      throw ApplicationFailure.nonRetryable(detail, PUSH_REJECTED, { status, httpStatus: response.status });
    }
    throw ApplicationFailure.retryable(`the push gateway of ${provider.code} is unreachable: ${unreachable.join('; ')}`, 'PushUnavailable');
  }
}

function parse<T>(text: string): T | undefined {
  try {
    return text ? (JSON.parse(text) as T) : undefined;
  } catch {
    return undefined;
  }
}
