import { ApplicationFailure } from '@temporalio/common';
import type { Provider } from '@signalbox/domain';
import type { ProviderCall, ProviderCallObserver } from '../ports';
import type { AdapterRegistry } from './registry';

/**
 * The registry with its provider adapters timed: every HTTP request (orders and http-call alike go
 * through `request`) and every TCP order reports to `observe`. The adapters stay plain classes;
 * timing is added here so they need no metrics dependency.
 */
export function instrumentAdapters(registry: AdapterRegistry, observe: ProviderCallObserver, now: () => number = () => performance.now()): AdapterRegistry {
  const http = registry.http;
  const request = http.request.bind(http);
  http.request = (provider, req) => timed(provider, 'http', () => request(provider, req), observe, now);
  const tcp = registry.tcp;
  const sendOrder = tcp.sendOrder.bind(tcp);
  const timedTcp: AdapterRegistry['tcp'] = { sendOrder: (provider, order, options) => timed(provider, 'tcp', () => sendOrder(provider, order, options), observe, now) };
  return { ...registry, http, tcp: timedTcp };
}

async function timed<T>(provider: Provider, protocol: ProviderCall['protocol'], call: () => Promise<T>, observe: ProviderCallObserver, now: () => number): Promise<T> {
  const started = now();
  let result: ProviderCall['result'] = 'unavailable';
  try {
    const answer = await call();
    result = 'ok';
    return answer;
  } catch (err) {
    // A refusal is the provider answering; anything else (5xx, unreachable, timeout) is it not.
    result = err instanceof ApplicationFailure && err.nonRetryable && err.type === 'ProviderRejected' ? 'refused' : 'unavailable';
    throw err;
  } finally {
    try {
      observe({ provider: provider.code, protocol, result, seconds: (now() - started) / 1000 });
    } catch {
      // Metrics never fail a send.
    }
  }
}
