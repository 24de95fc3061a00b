import { and, eq, gte, or, sql } from 'drizzle-orm';
import { type Db, qualified } from '../../../platform/db/database';
import { addDays, seoulMidnight, seoulToday } from '../../../platform/time';
import { notifications } from '../notifications/tables';
import { users } from '../users/tables';
import { workoutRecords } from '../workouts/tables';
import { type Sms, SmsNotSent } from '../../../platform/notify/sms';
import type { FitmateNotices } from '../notifications/notices';
import { smsTemplates } from '../sms/templates';

/**
 * 09:00 daily: users active in the last seven days (signed in or worked out) who have not logged
 * a workout today get a reminder in the app, and by SMS when they switched SMS on and verified
 * their number. Anyone already reminded today is skipped, so running it again sends nothing twice.
 */
export async function sendWorkoutReminders(
  { db, sms: texts, notices, appUrl }: { db: Db; sms: Sms; notices: Pick<FitmateNotices, 'workoutReminder'>; appUrl: string },
  today = seoulToday(),
): Promise<{ reminded: number; sms: number }> {
  const since = seoulMidnight(addDays(today, -7));
  const w = workoutRecords;
  const n = notifications;
  // Columns spelled out in full: inside the subqueries a bare "id" would bind to the inner table.
  const [userId, workoutUser, workoutDay] = [qualified(users.id), qualified(w.userId), qualified(w.workoutDate)];
  const due = await db
    .select({ id: users.id, name: users.name, sms: users.smsNotificationEnabled })
    .from(users)
    .where(
      and(
        eq(users.isActive, true),
        or(gte(users.lastLoginAt, since), sql`exists (select 1 from ${w} where ${workoutUser} = ${userId} and ${workoutDay} >= ${addDays(today, -7)})`),
        sql`not exists (select 1 from ${w} where ${workoutUser} = ${userId} and ${workoutDay} = ${today})`,
        sql`not exists (select 1 from ${n} where ${qualified(n.userId)} = ${userId} and ${qualified(n.type)} = 'workout_reminder' and ${qualified(n.createdAt)} >= ${seoulMidnight(today)})`,
      ),
    );
  let sms = 0;
  for (const user of due) {
    await notices.workoutReminder(user.id);
    if (!user.sms) continue;
    try {
      await texts.sendToUser(user.id, {
        message: smsTemplates.workoutReminder(user.name, '즐거운', appUrl),
        templateType: 'workout_reminder',
        campaignId: `workout-reminder-${today}`,
      });
      sms++;
    } catch (error) {
      // No verified number, or today's share of messages is spent: the reminder in the app stands.
      if (!(error instanceof SmsNotSent)) throw error;
    }
  }
  return { reminded: due.length, sms };
}
