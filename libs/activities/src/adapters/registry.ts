import type { WireServiceOrder } from '@signalbox/contracts';
import type { Channel, Provider } from '@signalbox/domain';
import { ApplicationFailure } from '@temporalio/common';
import { LetterOutboxAdapter, type LetterBatchSpool } from '../letters/letter-outbox.adapter';
import { FcmPushAdapter } from './fcm-push.adapter';
import { FileProviderAdapter, type FileBatchSpool } from './file-provider.adapter';
import { HttpProviderAdapter, type OrderAnswer, type SendOptions } from './http-provider.adapter';
import { SmsGatewayAdapter } from './sms-gateway.adapter';
import { SmtpEmailAdapter } from './smtp-email.adapter';
import { TcpProviderAdapter } from './tcp-provider.adapter';

/** What every service-order sender offers, whatever its protocol. */
export interface OrderAdapter {
  sendOrder(provider: Provider, order: WireServiceOrder, options?: SendOptions): Promise<OrderAnswer>;
}

/** Adapters by protocol and channel; the activities factory receives one (tests may pass their own). */
export interface AdapterRegistry {
  http: HttpProviderAdapter;
  tcp: OrderAdapter;
  file: FileProviderAdapter;
  messages: SmsGatewayAdapter;
  email: SmtpEmailAdapter;
  push: FcmPushAdapter;
  letters: LetterOutboxAdapter;
}

export function createAdapterRegistry(options: {
  smsGatewayUrl: string;
  smtp: { host: string; port: number; from: string };
  fileSpool: FileBatchSpool;
  letterSpool: LetterBatchSpool;
}): AdapterRegistry {
  return {
    http: new HttpProviderAdapter(),
    tcp: new TcpProviderAdapter(),
    file: new FileProviderAdapter(options.fileSpool),
    messages: new SmsGatewayAdapter(options.smsGatewayUrl),
    email: new SmtpEmailAdapter(options.smtp),
    push: new FcmPushAdapter(),
    letters: new LetterOutboxAdapter(options.letterSpool),
  };
}

/** The service-order sender for a provider's protocol. */
export function providerAdapter(registry: AdapterRegistry, provider: Provider): OrderAdapter {
  if (provider.protocol === 'http') return registry.http;
  if (provider.protocol === 'tcp') return registry.tcp;
  if (provider.protocol === 'file') return registry.file;
  throw ApplicationFailure.nonRetryable(`provider ${provider.code} uses the ${provider.protocol} protocol, which this worker has no adapter for`, 'NoAdapter');
}

/** Plain HTTP calls (http-call) need an HTTP provider. */
export function httpAdapter(registry: AdapterRegistry, provider: Provider): HttpProviderAdapter {
  if (provider.protocol === 'http') return registry.http;
  throw ApplicationFailure.nonRetryable(`provider ${provider.code} uses the ${provider.protocol} protocol; an HTTP call needs an http provider`, 'NoAdapter');
}

export function isMessageChannel(channel: Channel): channel is 'sms' | 'push' | 'letter' {
  return channel !== 'email';
}

/** The protocol a channel's provider must have. */
export const CHANNEL_PROTOCOL = { sms: 'sms', push: 'push', letter: 'letter', email: undefined } as const satisfies Record<Channel, Provider['protocol'] | undefined>;
