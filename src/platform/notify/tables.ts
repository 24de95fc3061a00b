import { type PgSchema, bigint, boolean, index, integer, jsonb, text, timestamp, unique, varchar } from 'drizzle-orm/pg-core';
import type { UsersTable } from '../auth/tables';

export const CHANNELS = ['app', 'push', 'sms', 'email'] as const;
export type Channel = (typeof CHANNELS)[number];
/** `skipped`: there was nothing to send to (no push subscription, no address, switched off since). */
export const DELIVERY_STATUSES = ['pending', 'sent', 'delivered', 'failed', 'skipped'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface NotificationVocabulary<T extends readonly [string, ...string[]], P extends readonly [string, ...string[]]> {
  /** The app's notification types (FitMate: workout_completed, …; MIMO: motion, …). */
  types: T;
  /** The app's priorities, lowest first (document 000: low … urgent; MIMO: low … critical). */
  priorities: P;
  /** The name of the free-form column: `data` in document 000, `metadata` in MIMO's. */
  dataColumn: 'data' | 'metadata';
}

/**
 * An app's notification inbox (document 000's Notification model as tables): the notifications,
 * and one delivery record per channel (app, push, sms, email) with its status, time and reason.
 */
export function notificationTables<const T extends readonly [string, ...string[]], const P extends readonly [string, ...string[]]>(
  schema: PgSchema,
  usersTable: unknown,
  vocabulary: NotificationVocabulary<T, P>,
) {
  const users = usersTable as UsersTable;
  const notificationType = schema.enum('notification_type', vocabulary.types);
  const notificationPriority = schema.enum('notification_priority', vocabulary.priorities);

  const notifications = schema.table(
    'notifications',
    {
      id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
      userId: bigint('user_id', { mode: 'number' })
        .notNull()
        .references(() => users.id, { onDelete: 'cascade' }),
      title: varchar('title', { length: 200 }).notNull(),
      message: text('message').notNull(),
      type: notificationType('type').notNull(),
      data: jsonb(vocabulary.dataColumn).$type<Record<string, unknown>>(),
      isRead: boolean('is_read').notNull().default(false),
      readAt: timestamp('read_at', { withTimezone: true }),
      priority: notificationPriority('priority')
        .notNull()
        .default(vocabulary.priorities[1] ?? vocabulary.priorities[0]),
      /** Past this the notification is hidden, and later purged. */
      expiresAt: timestamp('expires_at', { withTimezone: true }),
      createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    },
    (t) => [
      index('idx_notifications_user_created').on(t.userId, t.createdAt),
      index('idx_notifications_user_read').on(t.userId, t.isRead),
      index('idx_notifications_type').on(t.type),
      index('idx_notifications_expires').on(t.expiresAt),
      index('idx_notifications_priority').on(t.priority, t.createdAt),
    ],
  );

  const notificationDeliveries = schema.table(
    'notification_deliveries',
    {
      id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
      notificationId: bigint('notification_id', { mode: 'number' })
        .notNull()
        .references(() => notifications.id, { onDelete: 'cascade' }),
      channel: varchar('channel', { length: 10, enum: CHANNELS }).notNull(),
      status: varchar('status', { length: 12, enum: DELIVERY_STATUSES }).notNull().default('pending'),
      attempts: integer('attempts').notNull().default(0),
      sentAt: timestamp('sent_at', { withTimezone: true }),
      failureReason: text('failure_reason'),
      updatedAt: timestamp('updated_at', { withTimezone: true })
        .notNull()
        .defaultNow()
        .$onUpdate(() => new Date()),
    },
    (t) => [unique('unique_notification_channel').on(t.notificationId, t.channel), index('idx_deliveries_status').on(t.status, t.channel)],
  );

  return { notificationType, notificationPriority, notifications, notificationDeliveries };
}

export type NotificationTables = ReturnType<typeof notificationTables<readonly [string, ...string[]], readonly [string, ...string[]]>>;
