import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database';
import { AppError, fieldError, notFound } from '../../../platform/http/errors';
import { offsetOf, pageOf } from '../../../platform/http/pagination';
import type { Notifier } from '../../../platform/notify/inbox/notifier';
import { addDays, seoulToday } from '../../../platform/time';
import { type Challenge, type ChallengeBody, type ChallengeQuery, type ChallengeUpdate, START_WINDOW_DAYS } from './schemas';
import { ChallengeMessage } from './messages';
import { assertOpen, assertStatusChange } from './status';
import type { NotificationType } from '../types';
import { challengeCheckIns, challenges } from './tables';
import { CATEGORY_LABELS, type ChallengeCategory, type ChallengeStatus } from './vocabulary';

type Row = typeof challenges.$inferSelect;
type CheckIn = { date: string; note: string | null; createdAt: Date };
export type ChallengeSummary = Omit<Challenge, 'checkIns'>;

/**
 * A user's challenges and their daily check-ins. Every read and write is scoped to the owner:
 * another user's challenge is "not found". A challenge completes itself on the check-in that
 * reaches its target.
 */
export class Challenges {
  constructor(
    private readonly db: Db,
    private readonly notifications: Notifier<NotificationType>,
  ) {}

  async list(userId: number, query: ChallengeQuery): Promise<{ items: ChallengeSummary[]; pagination: ReturnType<typeof pageOf>['pagination'] }> {
    const today = seoulToday();
    const rows = await this.db
      .select({
        challenge: challenges,
        checkIns: sql<number>`count(${challengeCheckIns.id})::int`.mapWith(Number),
        last: sql<string | null>`max(${challengeCheckIns.day})::text`,
        total: sql<number>`count(*) over ()`.mapWith(Number),
      })
      .from(challenges)
      .leftJoin(challengeCheckIns, eq(challengeCheckIns.challengeId, challenges.id))
      .where(
        and(
          eq(challenges.userId, userId),
          query.status ? eq(challenges.status, query.status) : undefined,
          query.category ? eq(challenges.category, query.category) : undefined,
        ),
      )
      .groupBy(challenges.id)
      .orderBy(desc(challenges.createdAt), desc(challenges.id))
      .limit(query.limit)
      .offset(offsetOf(query));
    const total: number = rows[0]?.total ?? (query.page > 1 ? (await this.list(userId, { ...query, page: 1, limit: 1 })).pagination.totalItems : 0);
    return pageOf(
      rows.map((r) => summary(r.challenge, r.checkIns, r.last, today)),
      query,
      total,
    );
  }

  async get(userId: number, id: number): Promise<Challenge> {
    const row = await this.row(this.db, userId, id);
    return this.detail(row);
  }

  async create(userId: number, body: ChallengeBody): Promise<Challenge> {
    const today = seoulToday();
    const startDate = body.startDate ?? today;
    if (startDate < addDays(today, -START_WINDOW_DAYS) || startDate > addDays(today, START_WINDOW_DAYS))
      throw fieldError('startDate', ChallengeMessage.START_DATE_RANGE);
    const [row] = await this.db
      .insert(challenges)
      .values({ ...body, userId, startDate })
      .returning();
    return this.detail(row!);
  }

  /**
   * Status, edits and today's check-in in one transaction, the row locked so that two check-ins
   * racing for the last day complete the challenge once.
   */
  async update(userId: number, id: number, patch: ChallengeUpdate): Promise<Challenge> {
    const { row, completed } = await this.db.transaction(async (tx) => {
      const current = await this.row(tx as unknown as Db, userId, id, true);
      const from = current.status as ChallengeStatus;
      assertOpen(from);
      if (patch.status) assertStatusChange(from, patch.status);
      let status = patch.status ?? from;
      const [{ done } = { done: 0 }] = await tx
        .select({ done: sql<number>`count(*)::int`.mapWith(Number) })
        .from(challengeCheckIns)
        .where(eq(challengeCheckIns.challengeId, id));
      let checkIns = done;
      const targetDays = patch.targetDays ?? current.targetDays;
      if (targetDays < checkIns) throw fieldError('targetDays', ChallengeMessage.TARGET_BELOW_CHECK_INS);

      if (patch.checkIn) {
        const today = seoulToday();
        if (status !== 'active') throw new AppError(409, ChallengeMessage.CHALLENGE_NOT_ACTIVE);
        if (today < current.startDate) throw new AppError(409, ChallengeMessage.CHALLENGE_NOT_STARTED, { startDate: current.startDate });
        const added = await tx
          .insert(challengeCheckIns)
          .values({ challengeId: id, day: today, note: patch.checkIn.note ?? null })
          .onConflictDoNothing()
          .returning({ id: challengeCheckIns.id });
        if (!added.length) throw new AppError(409, ChallengeMessage.ALREADY_CHECKED_IN);
        checkIns += 1;
      }
      // Reaching the target finishes it, whether by a check-in or by a lower target.
      if (checkIns >= targetDays && (status === 'active' || status === 'paused')) status = 'completed';

      const { checkIn: _checkIn, ...edits } = patch;
      const completedNow = status === 'completed' && from !== 'completed';
      const [row] = await tx
        .update(challenges)
        .set({ ...edits, status, ...(completedNow && { completedAt: new Date() }), updatedAt: new Date() })
        .where(eq(challenges.id, id))
        .returning();
      return { row: row!, completed: completedNow };
    });
    if (completed) {
      await this.notifications.notify(userId, {
        type: 'challenge_completed',
        title: '챌린지 완료! 🎉',
        message: `'${row.title}' 챌린지를 완료했어요. 스스로를 칭찬해 주세요!`,
        data: { challengeId: row.id, title: row.title, targetDays: row.targetDays },
      });
    }
    return this.detail(row);
  }

  async delete(userId: number, id: number): Promise<void> {
    const removed = await this.db
      .delete(challenges)
      .where(and(eq(challenges.id, id), eq(challenges.userId, userId)))
      .returning({ id: challenges.id });
    if (!removed.length) throw notFound();
  }

  private async row(db: Db, userId: number, id: number, lock = false): Promise<Row> {
    const query = db
      .select()
      .from(challenges)
      .where(and(eq(challenges.id, id), eq(challenges.userId, userId)));
    const [row] = lock ? await query.for('update') : await query;
    if (!row) throw notFound();
    return row;
  }

  private async detail(row: Row): Promise<Challenge> {
    const checkIns: CheckIn[] = await this.db
      .select({ date: challengeCheckIns.day, note: challengeCheckIns.note, createdAt: challengeCheckIns.createdAt })
      .from(challengeCheckIns)
      .where(eq(challengeCheckIns.challengeId, row.id))
      .orderBy(desc(challengeCheckIns.day));
    return { ...summary(row, checkIns.length, checkIns[0]?.date ?? null, seoulToday()), checkIns };
  }
}

function summary(row: Row, checkIns: number, last: string | null, today: string): ChallengeSummary {
  const { userId: _owner, ...rest } = row;
  const progress = Math.min(1, checkIns / row.targetDays);
  const category = row.category as ChallengeCategory;
  return {
    ...rest,
    category,
    categoryLabel: CATEGORY_LABELS[category],
    status: row.status as ChallengeStatus,
    checkInCount: checkIns,
    progress: Math.round(progress * 1000) / 1000,
    progressPercent: Math.round(progress * 1000) / 10,
    checkedInToday: last === today,
    lastCheckInDate: last,
  };
}
