import { type PgSchema, bigint, index, integer, numeric, text, timestamp, varchar } from 'drizzle-orm/pg-core';
import type { UsersTable } from '../../auth/tables';

export const SMS_STATUSES = ['pending', 'sent', 'delivered', 'failed'] as const;
export type SmsStatus = (typeof SMS_STATUSES)[number];

/**
 * Every SMS an app sends: document 000's SMS log, with its Twilio columns (twilioSid,
 * twilioStatus) generalised to the provider that carried the message.
 */
export function smsTables(schema: PgSchema, usersTable: unknown) {
  const users = usersTable as UsersTable;
  const smsLogs = schema.table(
    'sms_logs',
    {
      id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
      /** E.164. */
      phoneNumber: varchar('phone_number', { length: 20 }).notNull(),
      message: text('message').notNull(),
      /** otp_verification, workout_reminder, workout_recommendation, custom, notification, … */
      templateType: varchar('template_type', { length: 50 }).notNull(),
      status: varchar('status', { length: 12, enum: SMS_STATUSES }).notNull().default('pending'),
      /** recording, twilio or solapi: whoever took the last try. */
      provider: varchar('provider', { length: 20 }),
      providerMessageId: varchar('provider_message_id', { length: 100 }),
      providerStatus: varchar('provider_status', { length: 40 }),
      errorCode: varchar('error_code', { length: 64 }),
      errorMessage: text('error_message'),
      cost: numeric('cost', { precision: 10, scale: 5, mode: 'number' }),
      currency: varchar('currency', { length: 3 }),
      userId: bigint('user_id', { mode: 'number' }).references(() => users.id, { onDelete: 'set null' }),
      /** Groups a bulk send. */
      campaignId: varchar('campaign_id', { length: 100 }),
      /** The notification this message delivers, if any. */
      notificationId: bigint('notification_id', { mode: 'number' }),
      attempts: integer('attempts').notNull().default(0),
      createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
      sentAt: timestamp('sent_at', { withTimezone: true }),
      deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    },
    (t) => [
      index('idx_sms_phone_created').on(t.phoneNumber, t.createdAt.desc()),
      index('idx_sms_status').on(t.status),
      index('idx_sms_template_created').on(t.templateType, t.createdAt.desc()),
      index('idx_sms_user').on(t.userId),
      index('idx_sms_created').on(t.createdAt.desc()),
    ],
  );
  return { smsLogs };
}

export type SmsLogsTable = ReturnType<typeof smsTables>['smsLogs'];
