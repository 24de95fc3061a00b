import { count } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database';
import type { CounsellingReview } from '../counselling/review';
import { emotionLogs } from '../emotions/tables';
import type { StatSources } from './service';

/** The figures of the admin stats that live in the other parts of the app. */
export function statSources(db: Db, review: CounsellingReview): StatSources {
  return {
    moodRecords: async () => (await db.select({ n: count() }).from(emotionLogs))[0]!.n,
    aiMessages: async () => (await review.aiMessageCount()).total,
    flaggedConversations: () => review.openFlagCount(),
  };
}
