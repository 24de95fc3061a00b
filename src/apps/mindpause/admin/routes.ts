import { z } from 'zod';
import type { AppCore } from '../../../platform/app';
import { longText } from '../../../platform/http/fields';
import { pageQuery, paginated } from '../../../platform/http/pagination';
import { idParam } from '../../../platform/http/router';
import { reportSchema } from '../community/routes';
import { REPORT_STATUSES, REPORT_TARGETS } from '../community/tables';
import { type Admin, AdminMessage } from './service';

/** A report as users see it, with what admins also need: who reported, the content and its real author. */
export const adminReportSchema = reportSchema.extend({
  reporter: z.object({ id: z.number(), nickname: z.string() }),
  target: z
    .object({
      postId: z.number(),
      authorId: z.number(),
      authorNickname: z.string(),
      isAnonymous: z.boolean(),
      title: z.string().nullable(),
      content: z.string(),
      deleted: z.boolean(),
    })
    .nullable(),
  resolvedBy: z.number().nullable(),
  resolvedAt: z.date().nullable(),
  resolution: z.string().nullable(),
});

const daily = z.array(z.object({ date: z.string(), activeUsers: z.number() }));
export const statsSchema = z.object({
  users: z.object({ total: z.number(), suspended: z.number() }),
  activeUsers: z
    .object({ last7Days: z.number(), last30Days: z.number() })
    .describe('Distinct users active at least once in the last 7 and 30 Seoul days (today included)'),
  dailyActiveUsers: z.object({ last7Days: daily, last30Days: daily }).describe('Distinct users active on each Seoul day, oldest first'),
  moodRecords: z.number().nullable(),
  posts: z.number(),
  comments: z.number(),
  pendingReports: z.number(),
  aiMessages: z.number().nullable(),
  flaggedConversations: z.number().nullable().describe('Flagged conversations not yet reviewed'),
});

const reportsQuery = pageQuery.extend({ status: z.enum(REPORT_STATUSES).optional(), targetType: z.enum(REPORT_TARGETS).optional() });
const reportPatch = z.strictObject({
  status: z.enum(['resolved', 'dismissed']),
  resolution: longText(500).nullable().optional(),
  removeContent: z.boolean().optional().describe('With "resolved": also remove the reported post or comment'),
});

/** Document 002's Phase 5.3 (the users and their suspension are the platform's admin routes) and the moderation queue; every route is for ADMINs only. */
export function registerAdminRoutes({ router }: AppCore, admin: Admin) {
  const tags = ['admin'];
  const auth = ['ADMIN'] as const;

  router.delete(
    '/api/v1/admin/posts/:id',
    {
      summary: '게시글 삭제 (Remove a post; its reports are resolved)',
      tags,
      auth,
      params: idParam,
      response: z.null(),
      message: AdminMessage.CONTENT_REMOVED,
    },
    async (req) => {
      await admin.removeContent(req.principal.userId, 'post', req.params.id);
      return null;
    },
  );
  router.delete(
    '/api/v1/admin/comments/:id',
    {
      summary: '댓글 삭제 (Remove a comment; its reports are resolved)',
      tags,
      auth,
      params: idParam,
      response: z.null(),
      message: AdminMessage.CONTENT_REMOVED,
    },
    async (req) => {
      await admin.removeContent(req.principal.userId, 'comment', req.params.id);
      return null;
    },
  );
  router.get('/api/v1/admin/stats', { summary: '시스템 통계 (Statistics)', tags, auth, response: statsSchema }, async () => admin.stats());
  router.get(
    '/api/v1/admin/reports',
    { summary: '신고 목록 (Reports, newest first)', tags, auth, query: reportsQuery, response: paginated(adminReportSchema) },
    async (req) => admin.listReports(req.query),
  );
  router.patch(
    '/api/v1/admin/reports/:id',
    {
      summary: '신고 처리 (Resolve or dismiss a report)',
      tags,
      auth,
      params: idParam,
      body: reportPatch,
      response: adminReportSchema,
      message: AdminMessage.REPORT_HANDLED,
    },
    async (req) => admin.handleReport(req.principal.userId, req.params.id, req.body),
  );
}
