import { z } from 'zod';
import type { Identity } from '../auth/identity';
import { defineMessages } from '../http/i18n';
import { pageQuery, paginated } from '../http/pagination';
import { type Router, idParam } from '../http/router';
import type { AuditLog } from './audit-log';

const Message = defineMessages({
  ROLES_CHANGED: { ko: '역할이 변경되었습니다.', en: 'The roles have been changed.' },
});

const entrySchema = z.object({
  id: z.number(),
  occurredAt: z.date(),
  actorId: z.number().nullable().describe('The user who acted; null for the system or someone not signed in'),
  sessionId: z.string().nullable(),
  action: z
    .string()
    .describe(
      'auth.login, auth.login_failed, auth.password_changed, auth.password_reset, user.suspended, user.unsuspended, user.roles_changed, user.deleted, data.exported, camera.share_code_created, camera.shared, camera.share_revoked, camera.share_left, admin.request, …',
    ),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  requestId: z.string().nullable(),
  method: z.string().nullable(),
  route: z.string().nullable().describe('The route pattern the request matched'),
  details: z.record(z.string(), z.unknown()),
});

const filters = z.strictObject({
  ...pageQuery.shape,
  actorId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
  action: z
    .string()
    .regex(/^[a-z_]+(\.[a-z_]+)*(\.\*)?$/)
    .max(64)
    .optional()
    .describe('An action, or a whole area with "auth.*"'),
  targetType: z.string().max(32).optional(),
  targetId: z.string().max(64).optional(),
  from: z.coerce.date().optional().describe('From this instant on (ISO 8601)'),
  to: z.coerce.date().optional().describe('Before this instant (ISO 8601)'),
});

/**
 * The ADMIN's audit routes under the app's prefix: the log, filtered and paged, and the one
 * place roles change (so every role change is audited).
 */
export function registerAuditRoutes(router: Router, { audit, identity, prefix }: { audit: AuditLog; identity: Identity; prefix: string }) {
  const tags = ['admin'];
  router.get(
    `${prefix}/admin/audit-log`,
    {
      summary: '감사 로그 (Audit log, newest first)',
      description:
        'Security-relevant actions: sign-ins and failed sign-ins, password changes and resets, suspensions, role changes, account deletions, data exports, camera sharing and every change an ADMIN makes. Entries cannot be changed or removed; they are kept for AUDIT_LOG_RETENTION.',
      tags,
      auth: ['ADMIN'],
      query: filters,
      response: paginated(entrySchema),
    },
    async (req) => audit.list(req.query),
  );
  router.put(
    `${prefix}/admin/users/:id/roles`,
    {
      summary: '역할 변경 (Set a user’s roles)',
      description: 'Replaces the user’s roles; sessions see the change within 2 seconds. An ADMIN cannot remove their own ADMIN role.',
      tags,
      auth: ['ADMIN'],
      params: idParam,
      body: z.strictObject({
        roles: z
          .array(z.enum(identity.roleNames as [string, ...string[]]))
          .min(1)
          .max(10),
      }),
      response: z.object({ id: z.number(), roles: z.array(z.string()) }),
      message: Message.ROLES_CHANGED,
    },
    async (req) => ({ id: req.params.id, roles: await identity.setRoles(req.params.id, [...new Set(req.body.roles)], req.principal) }),
  );
}
