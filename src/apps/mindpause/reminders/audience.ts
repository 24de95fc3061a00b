import { type SQL, sql } from 'drizzle-orm';
import { qualified } from '../../../platform/db/database';
import { addDays, seoulMidnight } from '../../../platform/time';
import { userActivityDays } from '../admin/tables';
import { notifications } from '../schema';
import type { NotificationType } from '../types';
import { users } from '../users/tables';

/** Reminders go to people who used the app within this many days; a dormant account is left in peace. */
export const REMINDER_ACTIVE_DAYS = 30;

/**
 * Users a reminder of `type` may go to today: the account is active, they used the app lately,
 * and they have not had this reminder since Seoul midnight (so a second run sends nothing twice).
 */
export function remindable(type: NotificationType, today: string): SQL {
  const userId = qualified(users.id);
  const [activeUser, activeDay] = [qualified(userActivityDays.userId), qualified(userActivityDays.day)];
  const [noticeUser, noticeType, noticeAt] = [qualified(notifications.userId), qualified(notifications.type), qualified(notifications.createdAt)];
  return sql`${qualified(users.isActive)}
    and exists (select 1 from ${userActivityDays} where ${activeUser} = ${userId} and ${activeDay} >= ${addDays(today, -REMINDER_ACTIVE_DAYS)})
    and not exists (select 1 from ${notifications} where ${noticeUser} = ${userId} and ${noticeType} = ${type} and ${noticeAt} >= ${seoulMidnight(today)})`;
}
