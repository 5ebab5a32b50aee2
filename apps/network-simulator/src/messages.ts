export type MessageChannel = 'sms' | 'push' | 'letter' | 'email';

export interface MessageRecord {
  id: number;
  at: string;
  channel: MessageChannel;
  /** Provider code for the HTTP gateway; "smtp" for mail. */
  provider: string;
  messageId?: string;
  from?: string;
  to: string[];
  subject?: string;
  text: string;
  /** Push: the gateway project and the message's data. */
  project?: string;
  data?: Record<string, string>;
  /** SMS: the delivery report the gateway sends back (its delivery attempts are in the request journal). */
  deliveryReport?: { status: string; at: string };
}

/** Messages sent to customers through the gateway or SMTP, oldest first. */
export class MessageStore {
  private messages: MessageRecord[] = [];
  private nextId = 1;

  add(message: Omit<MessageRecord, 'id' | 'at'>, at: Date = new Date()): MessageRecord {
    const record: MessageRecord = { id: this.nextId++, at: at.toISOString(), ...message };
    this.messages.push(record);
    return record;
  }

  list(filter: { channel?: string; to?: string; provider?: string; limit?: number } = {}): MessageRecord[] {
    const to = filter.to?.toLowerCase();
    const matching = this.messages.filter(
      (m) =>
        (filter.channel === undefined || m.channel === filter.channel) &&
        (filter.provider === undefined || m.provider === filter.provider) &&
        (to === undefined || m.to.some((r) => r.toLowerCase() === to)),
    );
    return filter.limit === undefined ? matching : matching.slice(-filter.limit);
  }

  clear(): void {
    this.messages = [];
  }
}
