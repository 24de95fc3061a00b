import nodemailer from 'nodemailer';
import type { Logger } from 'pino';
import type { SmtpConfig } from '../../../config';
import type { Db } from '../../db/database';
import type { EmailMessagesTable } from './table';

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Which template made it (verification, password_reset, …), for the log and the table. */
  template: string;
}

export interface Mailer {
  readonly driver: 'smtp' | 'recording';
  send(message: EmailMessage): Promise<void>;
  close(): void;
}

/** SMTP through nodemailer when SMTP settings are given; otherwise a driver that records. */
export function createMailer(options: { smtp?: SmtpConfig; from: string; db: Db; table: EmailMessagesTable; logger: Logger }): Mailer {
  const { db, table, logger } = options;
  const record = (message: EmailMessage, fields: Omit<typeof table.$inferInsert, 'toAddress' | 'subject' | 'template'>) =>
    db
      .insert(table)
      .values({ toAddress: message.to, subject: message.subject, template: message.template, ...fields })
      .returning({ id: table.id });

  if (!options.smtp) {
    return {
      driver: 'recording',
      async send(message) {
        const [row] = await record(message, { textBody: message.text, htmlBody: message.html, status: 'recorded' });
        // The body holds codes, so the log names the message and leaves its content in the table.
        logger.info({ emailId: row?.id, to: message.to, template: message.template }, 'email recorded (no SMTP configured)');
      },
      close() {},
    };
  }

  const { host, port, secure, user, pass } = options.smtp;
  const transport = nodemailer.createTransport({
    host,
    port,
    secure,
    auth: user ? { user, pass } : undefined,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  return {
    driver: 'smtp',
    async send(message) {
      try {
        const info = await transport.sendMail({ from: options.from, to: message.to, subject: message.subject, text: message.text, html: message.html });
        await record(message, { status: 'sent', providerMessageId: info.messageId, sentAt: new Date() });
        logger.info({ to: message.to, template: message.template, messageId: info.messageId }, 'email sent');
      } catch (error) {
        await record(message, { status: 'failed', error: (error as Error).message.slice(0, 1000) });
        logger.error({ to: message.to, template: message.template, err: error }, 'email failed');
        throw error;
      }
    },
    close: () => transport.close(),
  };
}
