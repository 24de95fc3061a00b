import type { FitmateContext } from '../module';
import { chatArchiveStep } from './chat-archive';
import { completeReachedGoals } from './goal-check';
import { sendWorkoutReminders } from './reminder';
import { sendWeeklyReports } from './weekly-report';

/** Document 004's scheduler, on the durable queue: cron in Asia/Seoul, once per tick across nodes. */
export function registerFitmateJobs(fitmate: FitmateContext) {
  const { jobs, cleanup } = fitmate.core;
  jobs.define({
    name: 'fitmate.workout-reminder',
    description: '매일 09:00 운동 리마인더 (앱 알림, SMS 설정 사용자는 문자)',
    cron: '0 9 * * *',
    handler: () => sendWorkoutReminders(fitmate),
  });
  jobs.define({
    name: 'fitmate.weekly-report',
    description: '매주 일요일 18:00 주간 운동 리포트',
    cron: '0 18 * * 0',
    handler: () => sendWeeklyReports(fitmate),
  });
  jobs.define({
    name: 'fitmate.goal-check',
    description: '매시 정각 목표 달성 확인',
    cron: '0 * * * *',
    handler: () => completeReachedGoals(fitmate),
  });
  cleanup.push(chatArchiveStep(fitmate.db));
}
