import { createHmac } from 'node:crypto';
import { signatureHeader, SIGNATURE_HEADER, type WireMessage } from '@signalbox/contracts';
import type { CallbackSender } from './callbacks';
import type { RequestRecord } from './journal';
import type { MessageRecord } from './messages';
import type { SimulatorState } from './state';
import { sleep, untilAborted } from './timing';

export interface MessageAnswer {
  status: number;
  body: Record<string, unknown>;
}

const RELEASED: MessageAnswer = {
  status: 503,
  body: { statusCode: 503, error: 'ServiceUnavailable', message: 'the simulator was reset or stopped while this request waited' },
};

/**
 * The SMS gateway (WireMessage: SMS, and push / letters sent the old way): records each message
 * once per messageId. A message that names a `reportUrl` gets a delivery report posted there
 * (behaviour `deliveryReport`, after `deliveryReportDelayMs`), with the provider's callback headers
 * (Signalbox's agent key) and, when the provider's auth is a signature, signed with its secret.
 */
export class MessageService {
  constructor(
    private readonly state: SimulatorState,
    private readonly callbacks?: CallbackSender,
  ) {}

  async send(provider: string, message: WireMessage, record: RequestRecord): Promise<MessageAnswer> {
    const behaviour = this.state.behaviour(provider);
    const key = `message\n${provider}\n${message.messageId}`;
    const first = this.state.firstAnswer<MessageAnswer>(key);
    if (first) {
      this.state.journal.stats(provider).duplicates += 1;
      record.duplicate = true;
      return first.catch(() => RELEASED);
    }
    if (behaviour.takeError()) {
      return { status: 500, body: { statusCode: 500, error: 'InternalServerError', message: 'injected error (errorNext)' } };
    }
    const epoch = this.state.epoch;
    if (behaviour.takeHang()) {
      await untilAborted(epoch).catch(() => undefined);
      return RELEASED;
    }
    const work = (async (): Promise<MessageAnswer> => {
      if (behaviour.config.latencyMs > 0) await sleep(behaviour.config.latencyMs, epoch);
      const stored = this.state.messages.add({
        channel: message.channel,
        provider,
        messageId: message.messageId,
        to: [message.to],
        text: message.body,
      });
      this.state.journal.stats(provider).messages += 1;
      this.reportDelivery(provider, message, stored, record);
      return { status: 202, body: { accepted: true, messageId: message.messageId } };
    })();
    this.state.rememberAnswer(key, work);
    return work.catch(() => RELEASED);
  }

  private reportDelivery(provider: string, message: WireMessage, stored: MessageRecord, record: RequestRecord): void {
    const { deliveryReport, deliveryReportDelayMs, callbackHeaders, auth } = this.state.behaviour(provider).config;
    if (!message.reportUrl || !this.callbacks || deliveryReport === 'none') return;
    if (!/^https?:$/.test(URL.parse(message.reportUrl)?.protocol ?? '')) return;
    const at = new Date().toISOString();
    const report = { messageId: message.messageId, status: deliveryReport, at, ...(deliveryReport === 'undeliverable' ? { reason: 'absent subscriber (simulated)' } : {}) };
    stored.deliveryReport = { status: deliveryReport, at };
    const sign = auth.type === 'signature' ? (body: string) => ({ [SIGNATURE_HEADER]: signatureHeader(createHmac, auth, body, Date.now()) }) : undefined;
    this.callbacks.schedule(message.reportUrl, report, deliveryReportDelayMs, callbackHeaders, record, sign);
  }
}
