import { type PgSchema, bigint, index, jsonb, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';
import { idColumn } from '../db/columns';

/**
 * An app's audit log (document 000's SystemLog, for security-relevant actions): who did what to
 * what, from where, and when. Rows are only ever added; the database refuses to change or remove
 * them except for the retention clean-up (see the trigger in each app's audit migration).
 */
export function auditTables(schema: PgSchema) {
  const auditLog = schema.table(
    'audit_log',
    {
      id: idColumn(),
      occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
      /** The user who acted; null for the system (a job) or someone not signed in. No foreign key: the entry outlives the account. */
      actorId: bigint('actor_id', { mode: 'number' }),
      sessionId: uuid('session_id'),
      /** `auth.login`, `auth.login_failed`, `user.suspended`, `admin.request`, `camera.shared`, … */
      action: varchar('action', { length: 64 }).notNull(),
      targetType: varchar('target_type', { length: 32 }),
      targetId: varchar('target_id', { length: 64 }),
      ip: varchar('ip', { length: 64 }),
      userAgent: varchar('user_agent', { length: 512 }),
      requestId: varchar('request_id', { length: 128 }),
      method: varchar('method', { length: 8 }),
      /** The route pattern (`/api/v1/admin/users/:id/suspend`), never the raw URL with its query. */
      route: varchar('route', { length: 200 }),
      /** What else the action needs to be understood, with secrets removed. */
      details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    },
    (t) => [
      index('idx_audit_occurred').on(t.occurredAt),
      index('idx_audit_actor').on(t.actorId, t.occurredAt),
      index('idx_audit_action').on(t.action, t.occurredAt),
      index('idx_audit_target').on(t.targetType, t.targetId, t.occurredAt),
    ],
  );
  return { auditLog };
}

export type AuditLogTable = ReturnType<typeof auditTables>['auditLog'];
