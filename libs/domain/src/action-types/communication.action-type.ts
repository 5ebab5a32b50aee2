import { z } from 'zod';
import { Code } from '../common/ids';
import { Channel } from '../catalog/template.schema';
import { defineActionType } from './action-type';
import { catalogRef } from './catalog-ref';

export const CommunicationParameters = z.strictObject({
  template: catalogRef('templates', Code, 'Template rendered with the event'),
  channel: Channel.optional().describe("Channel override (default: the template's)"),
  /** Recipient expression, e.g. subject.msisdn or data.email. */
  to: z.string().min(1).default('subject.msisdn').describe('Recipient, as an expression over the event'),
  locale: z.string().optional().describe('Locale expression (default: the template default)'),
});
export type CommunicationParameters = z.infer<typeof CommunicationParameters>;

export const communicationActionType = defineActionType({
  key: 'communication',
  category: 'communication',
  title: 'Communication',
  description: 'Renders a template and sends it through a channel (SMS, email, push, letter).',
  parameters: CommunicationParameters,
  outcomes: ['success', 'failure'],
  compensable: false,
});
