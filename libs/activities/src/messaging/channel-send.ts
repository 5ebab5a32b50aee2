import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import type { Provider } from '@signalbox/domain';
import type { ActionRequest, RenderedMessage } from '../activity.types';
import { CHANNEL_PROTOCOL, type AdapterRegistry } from '../adapters/registry';
import type { ActivitiesConfig } from '../config';
import type { ProviderDirectory } from '../ports';
import { testEndpoints } from '../provisioning/test-routing';

/** What a channel's provider answered, as the step's output and the delivery row keep it. */
export interface ChannelAnswer {
  /** The provider's own words: HTTP status, the gateway's message name, the SMTP reply, the PDF's file. */
  answer: Record<string, unknown>;
}

export interface ChannelSendDeps {
  adapters: AdapterRegistry;
  config: ActivitiesConfig;
  providers: ProviderDirectory;
}

/**
 * The provider a communication names (`parameters.provider`), if any, live from the catalog with its
 * secrets: where a message goes and its credentials change without a publish, like a service
 * order's endpoints (provider-at-send.ts). Its protocol must fit the channel.
 */
export async function channelProvider(deps: ChannelSendDeps, req: ActionRequest, channel: RenderedMessage['channel']): Promise<Provider | undefined> {
  const code = typeof req.actionCode.parameters.provider === 'string' ? req.actionCode.parameters.provider : undefined;
  const protocol = CHANNEL_PROTOCOL[channel];
  // Without a provider (nodes and action codes that name none) SMS, push and letters go to the
  // worker's default message gateway, as they always have: a published version keeps doing that.
  if (!code) return undefined;
  if (!protocol) return undefined;
  const provider = await deps.providers.load(code);
  if (!provider) throw ApplicationFailure.nonRetryable(`provider ${code} does not exist`, 'ProviderMisconfigured');
  if (provider.protocol !== protocol) {
    throw ApplicationFailure.nonRetryable(`provider ${code} uses the ${provider.protocol} protocol; a ${channel} message needs a ${protocol} provider`, 'ProviderMisconfigured');
  }
  return provider;
}

/** Sends one rendered message on its channel; throws ApplicationFailure as the adapters decide. */
export async function sendOnChannel(
  deps: ChannelSendDeps,
  req: ActionRequest,
  message: RenderedMessage,
  messageId: string,
  provider: Provider | undefined,
  signal: AbortSignal,
  now: Date,
): Promise<ChannelAnswer> {
  const { adapters, config } = deps;
  switch (message.channel) {
    case 'email': {
      const sent = await adapters.email.send({ messageId, to: message.to, subject: message.subject ?? message.templateCode, text: message.body, test: req.test });
      return { answer: { smtp: sent.response } };
    }
    case 'sms': {
      const reportUrl = provider && config.callbackBaseUrl ? `${config.callbackBaseUrl.replace(/\/+$/, '')}/api/message-deliveries/reports` : undefined;
      const endpoint = provider && req.test ? testEndpoints(provider, config.simulatorUrl)[0] : undefined;
      const sent = await adapters.messages.send(
        { messageId, channel: 'sms', to: message.to, body: message.body, ...(req.test ? { test: true } : {}), ...(reportUrl ? { reportUrl } : {}) },
        { test: req.test, signal, ...(provider ? { provider } : {}), ...(endpoint ? { endpoint } : {}) },
      );
      return { answer: { httpStatus: sent.httpStatus } };
    }
    case 'push': {
      if (!provider) return viaDefaultGateway(adapters, req, message, messageId, signal);
      const push = provider;
      const endpoints = req.test ? testEndpoints(push, config.simulatorUrl) : push.endpoints;
      const sent = await adapters.push.send(
        push,
        endpoints,
        { messageId, token: message.to, title: message.subject ?? message.templateCode, body: message.body, data: { messageId, template: message.templateCode } },
        { test: req.test, signal },
      );
      return { answer: { httpStatus: sent.httpStatus, name: sent.name } };
    }
    case 'letter': {
      if (!provider) return viaDefaultGateway(adapters, req, message, messageId, signal);
      const letter = await adapters.letters.send(provider, {
        messageId,
        letterId: letterIdOf(messageId),
        recipient: message.to,
        ...(message.subject !== undefined ? { subject: message.subject } : {}),
        body: message.body,
        locale: message.locale,
        createdAt: now,
      }, { test: req.test });
      return { answer: { file: letter.file, pages: letter.pages, sha256: letter.sha256, ...(letter.transliterated ? { transliterated: true } : {}) } };
    }
  }
}

/** The worker's default message gateway (WireMessage), for a channel sent without a provider. */
async function viaDefaultGateway(adapters: AdapterRegistry, req: ActionRequest, message: RenderedMessage, messageId: string, signal: AbortSignal): Promise<ChannelAnswer> {
  const channel = message.channel === 'email' ? 'sms' : message.channel;
  const sent = await adapters.messages.send({ messageId, channel, to: message.to, body: message.body, ...(req.test ? { test: true } : {}) }, { test: req.test, signal });
  return { answer: { httpStatus: sent.httpStatus } };
}

/** A file-name-safe letter id, the same on every attempt (run ids may hold any character). */
export function letterIdOf(messageId: string): string {
  return `letter-${createHash('sha256').update(messageId).digest('hex').slice(0, 32)}`;
}
