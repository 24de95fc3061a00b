import type { Inbox } from '../../../platform/notify/inbox/inbox';
import type { Notifier } from '../../../platform/notify/inbox/notifier';
import type { NotificationType } from '../types';

/** Document 004's notification helpers, in its words. */
export function fitmateNotices(notifier: Notifier<NotificationType>) {
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

/** What the notifications feature gives: the inbox (for its routes) and the notices other features raise. */
export interface NotificationsServices {
  inbox: Inbox<NotificationType>;
  notices: FitmateNotices;
}
