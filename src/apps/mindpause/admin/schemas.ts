import { z } from 'zod';
import { longText } from '../../../platform/http/fields';
import { pageQuery } from '../../../platform/http/pagination';
import { reportSchema } from '../community/routes';
import { REPORT_STATUSES, REPORT_TARGETS } from '../community/tables';

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

export const reportsQuery = pageQuery.extend({ status: z.enum(REPORT_STATUSES).optional(), targetType: z.enum(REPORT_TARGETS).optional() });
export const reportPatch = z.strictObject({
  status: z.enum(['resolved', 'dismissed']),
  resolution: longText(500).nullable().optional(),
  removeContent: z.boolean().optional().describe('With "resolved": also remove the reported post or comment'),
});

export const flaggedSchema = z.object({
  id: z.number(),
  userId: z.number(),
  title: z.string().nullable(),
  messageCount: z.number(),
  lastMessageAt: z.date().nullable(),
  flaggedAt: z.date(),
  deletedAt: z.date().nullable().describe('Set when the owner deleted it; it is kept for this review'),
  flags: z.array(z.object({ id: z.number(), reason: z.string(), messageId: z.number().nullable(), createdAt: z.date(), message: z.string().nullable() })),
});

export const flagReviewBody = z.strictObject({ note: longText(1000).nullable().optional() });
export const flagReviewSchema = z.object({
  conversationId: z.number(),
  resolvedFlags: z.number(),
  reviewedAt: z.date(),
  reviewedBy: z.number(),
  reviewNote: z.string().nullable(),
});
