import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { SimulatorState } from './state';

export const SMTP_PROVIDER = 'smtp';

/** Accepts mail for any address, without authentication, and records it as an email message. */
export function createSmtpServer(state: SimulatorState): SMTPServer {
  return new SMTPServer({
    name: 'signalbox-network-simulator',
    banner: 'Signalbox network simulator',
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    size: 10 * 1024 * 1024,
    closeTimeout: 500,
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (mail) => {
          const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : mail.from?.text;
          state.messages.add({
            channel: 'email',
            provider: SMTP_PROVIDER,
            messageId: mail.messageId,
            from,
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: mail.subject,
            text: (mail.text ?? '').trim(),
          });
          state.journal.stats(SMTP_PROVIDER).messages += 1;
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
}
