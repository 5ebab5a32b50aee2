import type { Channel, Provider } from '@signalbox/domain';
import { ApplicationFailure } from '@temporalio/common';
import { HttpProviderAdapter } from './http-provider.adapter';
import { SmsGatewayAdapter } from './sms-gateway.adapter';
import { SmtpEmailAdapter } from './smtp-email.adapter';

/** Adapters by protocol and channel; the activities factory receives one (tests may pass their own). */
export interface AdapterRegistry {
  http: HttpProviderAdapter;
  messages: SmsGatewayAdapter;
  email: SmtpEmailAdapter;
}

export function createAdapterRegistry(options: { smsGatewayUrl: string; smtp: { host: string; port: number; from: string } }): AdapterRegistry {
  return {
    http: new HttpProviderAdapter(),
    messages: new SmsGatewayAdapter(options.smsGatewayUrl),
    email: new SmtpEmailAdapter(options.smtp),
  };
}

/** The adapter for a provider's protocol; only HTTP exists so far. */
export function providerAdapter(registry: AdapterRegistry, provider: Provider): HttpProviderAdapter {
  if (provider.protocol === 'http') return registry.http;
  throw ApplicationFailure.nonRetryable(`provider ${provider.code} uses the ${provider.protocol} protocol, which this worker has no adapter for`, 'NoAdapter');
}

export function isMessageChannel(channel: Channel): channel is 'sms' | 'push' | 'letter' {
  return channel !== 'email';
}
