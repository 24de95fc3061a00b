import { z } from 'zod';
import { lineText } from '../http/fields';
import { defineMessages } from '../http/i18n';
import { pageQuery, paginated } from '../http/pagination';
import { type Router, idParam } from '../http/router';
import type { Jobs } from '../jobs/jobs';
import { notificationAnalytics } from '../notify/inbox/analytics';
import { SMS_STATUSES, type Sms } from '../notify/sms';
import { SMS_STATISTICS_RANGE, smsStatistics, smsStatisticsQuery, smsStatisticsSchema } from '../notify/sms/statistics';
import type { Db } from '../db/database';
import type { NotificationTables } from '../notify/tables';
import { CHANNELS, DELIVERY_STATUSES } from '../notify/tables';
import { consoleCounters } from '../realtime/console';
import type { UserAdmin } from './users';

const Message = defineMessages({
  REASON_REQUIRED: { ko: '정지 사유를 입력해 주세요.', en: 'Give the reason for the suspension.' },
  END_IN_PAST: { ko: '정지 종료 시각은 미래여야 합니다.', en: 'The suspension must end in the future.' },
});

export interface AdminRoutesDeps {
  prefix: string;
  users: UserAdmin;
  /** What the app calls a user's display name in its answers (MindPause: `nickname`). */
  nameField: string;
  roles: readonly string[];
  db: Db;
  notificationTables: NotificationTables;
  sms: Sms;
  jobs: Jobs;
}

const rate = z.number().nullable().describe('0–1; null when there is nothing to divide by');
const statusCounts = z.object(Object.fromEntries(DELIVERY_STATUSES.map((s) => [s, z.number()])) as Record<(typeof DELIVERY_STATUSES)[number], z.ZodNumber>);
const appCounters = z.object({ app: z.string(), sockets: z.number(), users: z.number(), messagesPerMinute: z.number() });
export const countersSchema = z.object({
  at: z.string(),
  apps: z.array(appCounters).describe('Every app running in this process; sockets and users on this node'),
});

/**
 * The operator console's platform-wide admin API, mounted by every app under its prefix: users
 * (search, suspend, lift), notification analytics, the SMS log and statistics, the live counters.
 * Every route is for ADMINs only; the app's own queues (reports, support chat, flags, cameras)
 * are the app's routes.
 */
export function registerPlatformAdminRoutes(router: Router, deps: AdminRoutesDeps) {
  const { prefix, users } = deps;
  const tags = ['admin'];
  const auth = ['ADMIN'] as const;
  const suspension = z.object({ reason: z.string(), endsAt: z.date().nullable(), suspendedBy: z.number().nullable(), createdAt: z.date() }).nullable();
  const adminUser = z.object({
    id: z.number(),
    email: z.string(),
    [deps.nameField]: z.string(),
    provider: z.string(),
    emailVerified: z.boolean(),
    roles: z.array(z.string()),
    isActive: z.boolean(),
    suspension,
    openSessions: z.number().describe('Sessions (signed-in devices) not ended'),
    online: z.boolean().describe('Has a socket open now'),
    lastLoginAt: z.date().nullable(),
    createdAt: z.date(),
  });
  const view = <T extends { name: string }>({ name, ...user }: T) => ({ ...user, [deps.nameField]: name });

  const usersQuery = pageQuery.extend({
    q: z.string().trim().max(100).optional().describe('Part of the email or name'),
    status: z.enum(['active', 'suspended']).optional(),
    role: z.enum(deps.roles as [string, ...string[]]).optional(),
  });
  const suspendBody = z
    .strictObject({
      suspended: z.boolean().default(true).describe('false lifts the suspension'),
      reason: lineText(500).optional(),
      endsAt: z.coerce.date().nullable().optional().describe('When the suspension ends by itself; none: until lifted'),
    })
    .superRefine((body, ctx) => {
      if (!body.suspended) return;
      if (!body.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: Message.REASON_REQUIRED });
      if (body.endsAt && body.endsAt.getTime() <= Date.now()) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: Message.END_IN_PAST });
    });

  router.get(
    `${prefix}/admin/users`,
    { summary: '사용자 목록 (Users; search by email or name)', tags, auth, query: usersQuery, response: paginated(adminUser) },
    async (req) => {
      const page = await users.list(req.query);
      return { ...page, items: page.items.map(view) };
    },
  );
  router.patch(
    `${prefix}/admin/users/:id/suspend`,
    {
      summary: '사용자 정지·해제 (Suspend or restore a user)',
      description:
        'Suspending ends every session of the user at once, and their open sockets hear `auth:ended {code: ACCOUNT_SUSPENDED, message}` and are closed; with `endsAt` the suspension lifts itself (checked every minute). `{"suspended": false}` lifts it now.',
      tags,
      auth,
      params: idParam,
      body: suspendBody,
      response: adminUser,
    },
    async (req) => view(await users.setSuspension(req.principal.userId, req.params.id, req.body)),
  );

  router.get(
    `${prefix}/admin/notifications/stats`,
    {
      summary: '알림 분석 (Notification delivery and read rates per channel)',
      description:
        'For the notifications made in the last `days` Seoul days (today included): per channel the delivery records by status, the delivery rate (sent or delivered, of those tried) and the read rate of what it carried; read rates by type; a daily series.',
      tags,
      auth,
      query: z.object({ days: z.coerce.number().int().min(1).max(90).default(7) }),
      response: z.object({
        from: z.string(),
        to: z.string(),
        totals: z.object({ notifications: z.number(), read: z.number(), readRate: rate }),
        channels: z.array(z.object({ channel: z.enum(CHANNELS), total: z.number(), byStatus: statusCounts, deliveryRate: rate, readRate: rate })),
        byType: z.array(z.object({ type: z.string(), notifications: z.number(), read: z.number(), readRate: rate })),
        daily: z.array(z.object({ date: z.string(), notifications: z.number(), read: z.number() })),
      }),
    },
    async (req) => notificationAnalytics(deps.db, deps.notificationTables, req.query.days),
  );

  router.get(
    `${prefix}/admin/sms`,
    {
      summary: 'SMS 발송 기록 (The SMS log, newest first; numbers masked)',
      tags,
      auth,
      query: pageQuery.extend({
        status: z.enum(SMS_STATUSES).optional(),
        templateType: z
          .string()
          .regex(/^[a-z][a-z0-9_]{0,49}$/)
          .optional(),
        phoneNumber: z
          .string()
          .regex(/^\+[1-9]\d{6,14}$/)
          .optional()
          .describe('E.164, exactly'),
      }),
      response: paginated(
        z.object({
          id: z.number(),
          phoneNumber: z.string().describe('Masked: +8210****5678'),
          message: z.string(),
          templateType: z.string(),
          status: z.enum(SMS_STATUSES),
          provider: z.string().nullable(),
          providerStatus: z.string().nullable(),
          errorCode: z.string().nullable(),
          errorMessage: z.string().nullable(),
          attempts: z.number(),
          userId: z.number().nullable(),
          createdAt: z.date(),
          sentAt: z.date().nullable(),
        }),
      ),
    },
    async (req) => deps.sms.list(req.query),
  );
  router.get(
    `${prefix}/admin/sms/statistics`,
    {
      summary: 'SMS 통계 (Messages by status, template and Seoul day)',
      description: SMS_STATISTICS_RANGE,
      tags,
      auth,
      query: smsStatisticsQuery,
      response: smsStatisticsSchema,
    },
    async (req) => smsStatistics(deps.sms, req.query),
  );

  router.get(
    `${prefix}/admin/realtime`,
    {
      summary: '실시간 지표 (Connected sockets and messages per minute, per app)',
      description: 'The same counters an ADMIN socket hears every 2 s as `console:counters` after `console:watch`.',
      tags,
      auth,
      response: countersSchema,
    },
    async () => consoleCounters(),
  );

  deps.jobs.define({
    name: 'suspensions.lift',
    description: '기간이 끝난 사용자 정지 해제 (lifts suspensions whose end has come)',
    cron: '* * * * *',
    due: () => users.anyEnded(),
    handler: async () => ({ lifted: await users.liftEnded() }),
  });
}
