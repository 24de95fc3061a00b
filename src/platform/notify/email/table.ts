import { type PgSchema, bigint, index, text, timestamp, varchar } from 'drizzle-orm/pg-core';

export const EMAIL_STATUSES = ['recorded', 'sent', 'failed'] as const;

/**
 * Every email an app sends. The recording driver keeps the whole message here (that is how a
 * developer reads a code without SMTP); over SMTP only the envelope is kept, never the body.
 */
export function emailTables(schema: PgSchema) {
  const emailMessages = schema.table(
    'email_messages',
    {
      id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
      toAddress: varchar('to_address', { length: 255 }).notNull(),
      subject: varchar('subject', { length: 255 }).notNull(),
      template: varchar('template', { length: 50 }).notNull(),
      textBody: text('text_body'),
      htmlBody: text('html_body'),
      status: varchar('status', { length: 16, enum: EMAIL_STATUSES }).notNull(),
      providerMessageId: varchar('provider_message_id', { length: 255 }),
      error: text('error'),
      createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
      sentAt: timestamp('sent_at', { withTimezone: true }),
    },
    (t) => [index('idx_email_to').on(t.toAddress, t.createdAt)],
  );
  return { emailMessages };
}

export type EmailMessagesTable = ReturnType<typeof emailTables>['emailMessages'];
