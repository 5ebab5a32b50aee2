import { ApplicationFailure } from '@temporalio/common';
import type { Provider } from '@signalbox/domain';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/**
 * Where a test run may send: only the network simulator. Loopback endpoints are kept (a simulator
 * on this machine); anything else is replaced by the simulator's endpoint for the provider, or
 * refused when no simulator is configured.
 */
export function testEndpoints(provider: Provider, simulatorUrl: string | undefined): string[] {
  const local = provider.endpoints.filter((e) => LOOPBACK.has(new URL(e).hostname));
  if (local.length > 0) return local;
  if (provider.protocol === 'tcp') {
    throw ApplicationFailure.nonRetryable(
      `test runs only reach the network simulator, and tcp provider ${provider.code} points elsewhere (${provider.endpoints.join(', ')}): give it the simulator's TCP agent (tcp://127.0.0.1:<SIMULATOR_TCP_PORT>) as an endpoint`,
      'TestRunRefused',
    );
  }
  if (simulatorUrl) return [`${simulatorUrl.replace(/\/+$/, '')}/providers/${encodeURIComponent(provider.code)}`];
  throw ApplicationFailure.nonRetryable(
    `test runs only reach the network simulator, and provider ${provider.code} points elsewhere (${provider.endpoints.join(', ')}): set SIMULATOR_URL on the worker`,
    'TestRunRefused',
  );
}
