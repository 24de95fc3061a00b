import { z } from 'zod';
import { pageQuery, paginated } from '../../../platform/http/pagination';
import { type Router, idParam } from '../../../platform/http/router';
import type { CounsellingReview } from '../counselling/review';
import { AdminMessage } from './messages';
import { adminReportSchema, flagReviewBody, flagReviewSchema, flaggedSchema, reportPatch, reportsQuery, statsSchema } from './schemas';
import type { Admin } from './service';

/**
 * Document 002's Phase 5.3 (the users and their suspension are the platform's admin routes), the
 * moderation queue and the review of flagged counselling conversations; every route is for ADMINs only.
 */
export function adminRoutes(router: Router, { admin, review }: { admin: Admin; review: CounsellingReview }): void {
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

  router.get(
    '/api/v1/admin/flagged-conversations',
    { summary: '위기 대화 검토 목록 (Flagged counselling conversations, latest first)', tags, auth, query: pageQuery, response: paginated(flaggedSchema) },
    async (req) => review.flaggedConversations(req.query),
  );
  router.patch(
    '/api/v1/admin/flagged-conversations/:id',
    {
      summary: '위기 대화 검토 완료 (Mark a flagged conversation reviewed)',
      tags,
      auth,
      params: idParam,
      body: flagReviewBody,
      response: flagReviewSchema,
      message: AdminMessage.FLAG_REVIEWED,
    },
    async (req) => review.resolveFlag(req.params.id, req.principal.userId, req.body.note),
  );
}
