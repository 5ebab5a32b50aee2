import type { WireCallback } from '@signalbox/contracts';
import type { CallbackAttempt, RequestRecord } from './journal';
import type { SimulatorState } from './state';
import { sleep } from './timing';

export interface CallbackOptions {
  /** Delivery attempts before giving up (default 5). */
  attempts?: number;
  /** Wait before the second attempt; doubles after each failure (default 500 ms). */
  baseDelayMs?: number;
  /** Per-attempt request timeout (default 5 s). */
  timeoutMs?: number;
  /** Headers sent with every callback, e.g. Signalbox's agent key. */
  headers?: Record<string, string>;
}

/** Posts async results to the order's callbackUrl, retrying with backoff while the target is down. */
export class CallbackSender {
  private readonly attempts: number;
  private readonly baseDelayMs: number;
  private readonly timeoutMs: number;
  private headers: Record<string, string>;

  constructor(
    private readonly state: SimulatorState,
    options: CallbackOptions = {},
  ) {
    this.attempts = options.attempts ?? 5;
    this.baseDelayMs = options.baseDelayMs ?? 500;
    this.timeoutMs = options.timeoutMs ?? 5_000;
    this.headers = { ...options.headers };
  }

  /** The API key sent with every callback from now on (null: none). Survives resets, like the start-up option. */
  useApiKey(apiKey: string | null): void {
    const { authorization: _previous, ...rest } = this.headers;
    this.headers = apiKey ? { ...rest, authorization: `Bearer ${apiKey}` } : rest;
  }

  /**
   * Posts `callback` (an order's answer, or a message's delivery report) after `delayMs`; `sign`
   * adds headers computed over the exact body sent (a fresh signature per attempt).
   */
  schedule(url: string, callback: WireCallback | object, delayMs: number, headers: Record<string, string>, record: RequestRecord, sign?: (body: string) => Record<string, string>): void {
    const epoch = this.state.epoch;
    this.deliver(url, callback, delayMs, headers, record, epoch, sign).catch(() => {
      // Only a reset or shutdown ends delivery early; nothing is left to record then.
    });
  }

  private async deliver(
    url: string,
    callback: object,
    delayMs: number,
    headers: Record<string, string>,
    record: RequestRecord,
    epoch: AbortSignal,
    sign?: (body: string) => Record<string, string>,
  ): Promise<void> {
    await sleep(delayMs, epoch);
    const stats = this.state.journal.stats(record.provider);
    for (let attempt = 1; attempt <= this.attempts; attempt++) {
      const outcome = await this.post(url, callback, headers, epoch, sign);
      const entry: CallbackAttempt = { attempt, at: new Date().toISOString(), url, ...outcome, delivered: isOk(outcome.status) };
      record.callbacks.push(entry);
      if (entry.delivered) {
        stats.callbacksDelivered += 1;
        return;
      }
      // A 4xx means the target understood and refused: repeating it would not help.
      if (outcome.status !== undefined && outcome.status < 500) break;
      if (attempt < this.attempts) await sleep(this.baseDelayMs * 2 ** (attempt - 1), epoch);
    }
    stats.callbacksFailed += 1;
  }

  private async post(
    url: string,
    callback: object,
    headers: Record<string, string>,
    epoch: AbortSignal,
    sign?: (body: string) => Record<string, string>,
  ): Promise<{ status?: number; error?: string }> {
    try {
      const body = JSON.stringify(callback);
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...this.headers, ...headers, ...sign?.(body) },
        body,
        signal: AbortSignal.any([epoch, AbortSignal.timeout(this.timeoutMs)]),
      });
      await response.arrayBuffer();
      return { status: response.status };
    } catch (error) {
      if (epoch.aborted) throw error;
      return { error: describe(error) };
    }
  }
}

function isOk(status: number | undefined): boolean {
  return status !== undefined && status >= 200 && status < 300;
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code) return cause.code;
  return error instanceof Error ? error.message : String(error);
}
