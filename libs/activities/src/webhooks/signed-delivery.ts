import { createHmac } from 'node:crypto';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { signatureHeader, TMF_HUB_RETRY } from '@signalbox/contracts';

/*
 * One delivery attempt of a notification, shared by TMF hub listeners and native webhook
 * subscriptions: the body POSTed as JSON, signed like provider requests (X-Signature with the
 * subscriber's secret, keyId = the subscription id), X-Event-Id repeating the event id.
 */

export interface AttemptOutcome {
  ok: boolean;
  httpStatus?: number;
  /** Why it was not delivered. */
  error?: string;
}

export async function postSigned(req: { url: string; keyId: string; secret: string; eventId: string; body: Record<string, unknown>; nowMs: number }): Promise<AttemptOutcome> {
  const body = JSON.stringify(req.body);
  const signature = signatureHeader(createHmac, { keyId: req.keyId, secret: req.secret }, body, req.nowMs);
  try {
    const res = await fetch(req.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-signature': signature, 'x-event-id': req.eventId },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(TMF_HUB_RETRY.requestTimeoutMs),
    });
    await res.body?.cancel().catch(() => undefined);
    return res.ok ? { ok: true, httpStatus: res.status } : { ok: false, httpStatus: res.status, error: `the listener answered ${res.status}` };
  } catch (err) {
    return { ok: false, error: `the listener could not be reached: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/**
 * After a failed attempt: throws so Temporal retries with backoff, or — once the retry window
 * (counted from the first attempt's scheduling) has passed — a non-retryable failure the delivery
 * workflow turns into a dead letter.
 */
export function retryOrGiveUp(error: string, giveUpAfterMs: number | undefined, nowMs: number): never {
  const window = Math.min(giveUpAfterMs ?? TMF_HUB_RETRY.giveUpAfterMs, TMF_HUB_RETRY.giveUpAfterMs);
  const { scheduledTimestampMs, attempt } = Context.current().info;
  if (nowMs - scheduledTimestampMs >= window) {
    throw ApplicationFailure.nonRetryable(`${error}; gave up after ${attempt} attempts in ${Math.round(window / 1000)} s`, 'ListenerGaveUp');
  }
  throw ApplicationFailure.retryable(error, 'ListenerRefused');
}
