import type { CorrelatedMessage } from '@signalbox/contracts';
import type { MessageStore, MessageWait } from '@signalbox/persistence';

/** The part of the message store the run's message wait uses (the real one is @signalbox/persistence's). */
export type MessagePort = Pick<MessageStore, 'claim'>;

export interface ClaimMessageInput {
  wait: MessageWait;
  /** Messages the run already took: never handed to it again. */
  seen: string[];
}

/**
 * A run reaching a message wait takes a buffered message that matches, or registers the wait so
 * that a message sent later finds it (MessageStore.claim).
 */
export function messageActivities(deps: { messages?: MessagePort }) {
  return {
    async claimMessage(input: ClaimMessageInput): Promise<CorrelatedMessage | undefined> {
      if (!deps.messages) throw new Error('this worker has no message store: message waits need the database');
      const message = await deps.messages.claim(input.wait, input.seen);
      if (!message) return undefined;
      return { messageId: message.id, name: message.name, correlationKeys: message.correlationKeys, payload: message.payload };
    },
  };
}
