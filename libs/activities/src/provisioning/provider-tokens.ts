import type { Context } from '@temporalio/activity';
import type { Provider } from '@signalbox/domain';
import type { ProviderThrottle } from '../ports';

/** Longest pause between two tries, so the activity heartbeats well within its heartbeat timeout. */
const MAX_PAUSE_MS = 1_000;

/**
 * Waits for a token of a rate-limited provider's bucket before a send. Temporal's task-queue
 * limit paces the activities at the average rate but knows no burst; the bucket caps bursts to
 * the provider's `burst` across every worker process. The wait heartbeats and ends on cancellation.
 */
export async function takeProviderToken(throttle: ProviderThrottle | undefined, provider: Pick<Provider, 'code' | 'rateLimit'>, ctx: Context): Promise<void> {
  const limit = provider.rateLimit;
  if (!throttle || !limit) return;
  for (;;) {
    const take = await throttle.take(provider.code, limit.perSecond, limit.burst);
    if (take.taken) return;
    ctx.heartbeat({ waitingForToken: provider.code });
    await ctx.sleep(Math.min(take.waitMs, MAX_PAUSE_MS));
  }
}
