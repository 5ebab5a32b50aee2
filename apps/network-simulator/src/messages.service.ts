import type { WireMessage } from '@signalbox/contracts';
import type { RequestRecord } from './journal';
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

/** The SMS / push / letter gateway: records each message once per messageId. */
export class MessageService {
  constructor(private readonly state: SimulatorState) {}

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
      this.state.messages.add({
        channel: message.channel,
        provider,
        messageId: message.messageId,
        to: [message.to],
        text: message.body,
      });
      this.state.journal.stats(provider).messages += 1;
      return { status: 202, body: { accepted: true, messageId: message.messageId } };
    })();
    this.state.rememberAnswer(key, work);
    return work.catch(() => RELEASED);
  }
}
