import { and, asc, eq, lte, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database';
import { qualified } from '../../../platform/db/database';
import type { NotificationInput, Notifier } from '../../../platform/notify/inbox/notifier';
import { seoulHour, seoulToday } from '../../../platform/time';
import { challengeCheckIns, challenges } from '../challenges/tables';
import { users } from '../users/tables';
import type { MindpauseTypes, NotificationType } from '../types';
import { remindable } from './audience';

export const CHALLENGE_REMINDER_JOB = 'mindpause.challenge-reminder' satisfies keyof MindpauseTypes['jobs'];

interface Due {
  userId: number;
  challengeId: number;
  title: string;
  targetDays: number;
  checkIns: number;
}

/**
 * Every hour: the users whose challenge reminder is due at this Seoul hour, who switched it on,
 * get one `challenge_reminder` naming their active, started challenges not yet kept today, once that day.
 */
export async function sendChallengeReminders(db: Db, notifier: Notifier<NotificationType>, now = new Date()): Promise<{ hour: number; reminded: number }> {
  const today = seoulToday(now);
  const hour = seoulHour(now);
  const [checkInOf, checkInDay, challengeId] = [qualified(challengeCheckIns.challengeId), qualified(challengeCheckIns.day), qualified(challenges.id)];
  const rows: Due[] = await db
    .select({
      userId: challenges.userId,
      challengeId: challenges.id,
      title: challenges.title,
      targetDays: challenges.targetDays,
      checkIns: sql<number>`(select count(*) from ${challengeCheckIns} where ${checkInOf} = ${challengeId})`.mapWith(Number),
    })
    .from(challenges)
    .innerJoin(users, eq(users.id, challenges.userId))
    .where(
      and(
        eq(challenges.status, 'active'),
        lte(challenges.startDate, today),
        eq(users.challengeReminderEnabled, true),
        eq(users.challengeReminderHour, hour),
        remindable('challenge_reminder', today),
        sql`not exists (select 1 from ${challengeCheckIns} where ${checkInOf} = ${challengeId} and ${checkInDay} = ${today})`,
      ),
    )
    .orderBy(asc(challenges.userId), asc(challenges.createdAt), asc(challenges.id));
  const byUser = new Map<number, Due[]>();
  for (const row of rows) byUser.set(row.userId, [...(byUser.get(row.userId) ?? []), row]);
  for (const [userId, due] of byUser) await notifier.notify(userId, reminderOf(due));
  return { hour, reminded: byUser.size };
}

function reminderOf(due: Due[]): NotificationInput<NotificationType> {
  const [first] = due as [Due, ...Due[]];
  const data = { challengeIds: due.map((d) => d.challengeId) };
  if (due.length === 1) {
    return {
      type: 'challenge_reminder',
      title: '오늘의 챌린지 체크인 ✅',
      message: `'${first.title}' 챌린지, 오늘도 이어가 볼까요? (${first.checkIns}/${first.targetDays}일)`,
      data,
    };
  }
  return {
    type: 'challenge_reminder',
    title: '오늘의 챌린지 체크인 ✅',
    message: `오늘 체크인하지 않은 챌린지가 ${due.length}개 있어요: '${first.title}' 외 ${due.length - 1}개`,
    data,
  };
}
