import { and, eq, isNotNull } from 'drizzle-orm';
import type { AppCore } from '../../platform/app';
import type { Db } from '../../platform/db/database';
import type { ChannelSwitches } from '../../platform/notify/inbox/inbox';
import type { Notifier } from '../../platform/notify/inbox/notifier';
import { inboxRoutes } from '../../platform/notify/inbox/routes';
import { users } from './users/tables';
import { NOTIFICATION_PRIORITIES, NOTIFICATION_TYPES } from './vocabulary';

/** FitMate keeps the switches on the user (document 000). */
export async function fitmateSwitches(db: Db, userId: number): Promise<ChannelSwitches | undefined> {
  const [user] = await db
    .select({ email: users.email, push: users.pushNotificationEnabled, sms: users.smsNotificationEnabled, mail: users.emailNotificationEnabled })
    .from(users)
    .where(eq(users.id, userId));
  return user && { recipient: { userId, email: user.email }, push: user.push, sms: user.sms, email: user.mail };
}

/** The number the user proved with an SMS code (POST /sms/verify-otp); a number only typed in gets no SMS. */
export async function fitmateVerifiedPhone(db: Db, userId: number): Promise<string | null> {
  const [user] = await db
    .select({ phone: users.phoneNumber })
    .from(users)
    .where(and(eq(users.id, userId), isNotNull(users.phoneVerifiedAt)));
  return user?.phone ?? null;
}

/** Document 000's notification routes. */
export function registerNotificationRoutes({ router, notifications }: AppCore) {
  const routes = inboxRoutes(router, {
    inbox: notifications,
    tags: ['notifications'],
    types: NOTIFICATION_TYPES,
    priorities: NOTIFICATION_PRIORITIES,
    dataKey: 'data',
  });
  routes.list('/api/notifications');
  routes.create('/api/notifications');
  routes.unreadCount('/api/notifications/unread-count');
  routes.readAll('/api/notifications/read-all', 'post');
  routes.read('/api/notifications/:id/read', 'put');
  routes.remove('/api/notifications/:id');
}

/** Document 004's notification helpers, in its words. */
export function fitmateNotices(notifier: Notifier) {
  return {
    workoutCompleted: (userId: number, workout: { workoutId: number; exerciseName: string; duration: number; calories: number | null }) =>
      notifier.notify(userId, {
        type: 'workout_completed',
        title: '운동 완료! 🎉',
        message:
          workout.calories === null
            ? `${workout.exerciseName} 운동을 완료했습니다. 총 ${workout.duration}분 동안 운동했어요!`
            : `${workout.exerciseName} 운동을 완료했습니다. 총 ${workout.duration}분 동안 ${workout.calories}칼로리를 소모했어요!`,
        data: workout,
        priority: 'low',
      }),
    goalAchieved: (userId: number, goal: { goalId: number; goalName: string }) =>
      notifier.notify(userId, {
        type: 'goal_achieved',
        title: '목표 달성! 🏆',
        message: `${goal.goalName} 목표를 달성했습니다! 축하드려요!`,
        data: goal,
        priority: 'high',
      }),
    workoutReminder: (userId: number) =>
      notifier.notify(userId, { type: 'workout_reminder', title: '운동 시간이에요! ⏰', message: '오늘의 운동을 시작해보세요. 건강한 하루를 만들어가요!' }),
  };
}
export type FitmateNotices = ReturnType<typeof fitmateNotices>;
