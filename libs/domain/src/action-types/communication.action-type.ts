import { ACTION_TYPE_TRAITS } from './action-type-traits';
import { z } from 'zod';
import { Code, Slug } from '../common/ids';
import { Channel } from '../catalog/template.schema';
import { defineActionType } from './action-type';
import { catalogRef } from './catalog-ref';

export const CommunicationParameters = z.strictObject({
  template: catalogRef('templates', Code, 'Template rendered with the event'),
  channel: Channel.optional().describe("Channel override (default: the template's)"),
  /**
   * Recipient expression. Each channel reads its own kind of address: sms an MSISDN
   * (subject.msisdn), email an address (data.email), push the device's registration token
   * (data.deviceToken by convention: the raising system sends it with the event), letter the
   * postal address (data.postalAddress, lines separated by newlines).
   */
  to: z
    .string()
    .min(1)
    .default('subject.msisdn')
    .describe('Recipient, as an expression over the event: subject.msisdn for SMS, data.email for email, data.deviceToken (the device registration token) for push, data.postalAddress for a letter'),
  locale: z.string().optional().describe('Locale expression (default: the template default)'),
  /**
   * The channel's provider: a push provider (FCM-style gateway), a letter provider (PDF files and
   * print batches) or an sms provider (its gateway, credentials and delivery reports). Without
   * one, SMS, push and letters go to the worker's default message gateway as plain messages (what
   * they always did); email always goes to the worker's SMTP server.
   */
  provider: catalogRef('providers', Slug, 'Channel provider (protocol push, letter or sms); without one the default message gateway').optional(),
});
export type CommunicationParameters = z.infer<typeof CommunicationParameters>;

export const communicationActionType = defineActionType({
  key: 'communication',
  category: 'communication',
  title: 'Communication',
  description: 'Renders a template and sends it through a channel (SMS, email, push, letter).',
  parameters: CommunicationParameters,
  outcomes: ['success', 'failure'],
  compensable: ACTION_TYPE_TRAITS.communication.compensable,
});
