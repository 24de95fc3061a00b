import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database';
import { qualified } from '../../../platform/db/database';
import type { Notifier } from '../../../platform/notify/inbox/notifier';
import { seoulHour, seoulMidnight, seoulToday } from '../../../platform/time';
import { emotionLogs } from '../emotions/tables';
import { users } from '../users/tables';
import type { MindpauseTypes, NotificationType } from '../types';
import { remindable } from './audience';

export const EMOTION_REMINDER_JOB = 'mindpause.emotion-reminder' satisfies keyof MindpauseTypes['jobs'];

/**
 * Every hour: the users whose mood reminder is due at this Seoul hour, who switched it on and
 * have recorded no mood today, get `emotion_reminder` once that day.
 */
export async function sendEmotionReminders(db: Db, notifier: Notifier<NotificationType>, now = new Date()): Promise<{ hour: number; reminded: number }> {
  const today = seoulToday(now);
  const hour = seoulHour(now);
  const [logUser, feltAt] = [qualified(emotionLogs.userId), qualified(emotionLogs.feltAt)];
  const due = await db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(
      and(
        eq(users.emotionReminderEnabled, true),
        eq(users.emotionReminderHour, hour),
        remindable('emotion_reminder', today),
        sql`not exists (select 1 from ${emotionLogs} where ${logUser} = ${qualified(users.id)} and ${feltAt} >= ${seoulMidnight(today)})`,
      ),
    );
  for (const user of due) {
    await notifier.notify(user.id, {
      type: 'emotion_reminder',
      title: '오늘 마음은 어땠나요? 🌙',
      message: `${user.name}님, 오늘 느낀 감정을 한 줄이라도 남겨 보세요. 기록이 쌓이면 내 마음의 흐름이 보여요.`,
      data: { date: today },
    });
  }
  return { hour, reminded: due.length };
}
