import { z } from 'zod';
import type { AppCore } from '../../../platform/app';
import { longText } from '../../../platform/http/fields';
import { defineMessages } from '../../../platform/http/i18n';
import { pageQuery, paginated } from '../../../platform/http/pagination';
import { idParam } from '../../../platform/http/router';
import type { CounsellingReview } from '../counselling';

const Message = defineMessages({
  FLAG_REVIEWED: { ko: '검토 완료로 표시했습니다.', en: 'Marked as reviewed.' },
});

const flaggedSchema = z.object({
  id: z.number(),
  userId: z.number(),
  title: z.string().nullable(),
  messageCount: z.number(),
  lastMessageAt: z.date().nullable(),
  flaggedAt: z.date(),
  deletedAt: z.date().nullable().describe('Set when the owner deleted it; it is kept for this review'),
  flags: z.array(z.object({ id: z.number(), reason: z.string(), messageId: z.number().nullable(), createdAt: z.date(), message: z.string().nullable() })),
});

/** The review queue of counselling conversations the safety rules flagged (ADMIN only). */
export function registerFlaggedConversationRoutes({ router }: AppCore, review: CounsellingReview) {
  const tags = ['admin'];
  const auth = ['ADMIN'] as const;
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
      body: z.strictObject({ note: longText(1000).nullable().optional() }),
      response: z.object({
        conversationId: z.number(),
        resolvedFlags: z.number(),
        reviewedAt: z.date(),
        reviewedBy: z.number(),
        reviewNote: z.string().nullable(),
      }),
      message: Message.FLAG_REVIEWED,
    },
    async (req) => review.resolveFlag(req.params.id, req.principal.userId, req.body.note),
  );
}
