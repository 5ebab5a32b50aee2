import { ApplicationFailure } from '@temporalio/common';
import nodemailer, { type Transporter } from 'nodemailer';

export interface EmailMessage {
  messageId: string;
  to: string;
  subject: string;
  text: string;
  test?: boolean;
}

/** Email over SMTP (the simulator's SMTP port in development and tests). */
export class SmtpEmailAdapter {
  private readonly transport: Transporter;

  constructor(
    private readonly options: { host: string; port: number; from: string; secure?: boolean; auth?: { user: string; pass: string } },
  ) {
    this.transport = nodemailer.createTransport({
      host: options.host,
      port: options.port,
      secure: options.secure ?? false,
      ignoreTLS: !options.secure,
      ...(options.auth ? { auth: options.auth } : {}),
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    });
  }

  async send(message: EmailMessage): Promise<{ messageId: string; response: string }> {
    try {
      const info = await this.transport.sendMail({
        from: this.options.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        messageId: `<${message.messageId}@signalbox>`,
        headers: message.test ? { 'X-Signalbox-Test': '1' } : {},
      });
      return { messageId: info.messageId ?? message.messageId, response: info.response ?? '' };
    } catch (err) {
      const code = (err as { responseCode?: number }).responseCode;
      const text = `the mail server ${this.options.host}:${this.options.port} did not take the message: ${err instanceof Error ? err.message : String(err)}`;
      // 5xx SMTP replies are permanent (bad recipient…); everything else may pass on a retry.
      if (code !== undefined && code >= 500) throw ApplicationFailure.nonRetryable(text, 'MailRejected');
      throw ApplicationFailure.retryable(text, 'MailUnavailable');
    }
  }

  close(): void {
    this.transport.close();
  }
}
