import { defineFeature } from '../feature';
import type { FitmateNotices } from '../notifications/notices';
import type { SmsServices } from '../sms/service';
import { sendWeeklyReports } from './weekly-report';
import { sendWorkoutReminders } from './workout-reminder';

/** Document 004's scheduler, on the durable queue: the daily workout reminder and the weekly report (cron in Seoul time, once per tick across nodes). */
export const remindersFeature = defineFeature({
  name: 'reminders',
  needs: ['notifications'],
  services: ({ core, db }, { notices, sms }: { notices: FitmateNotices; sms: Pick<SmsServices, 'sms' | 'appUrl'> }) => ({
    remind: () => sendWorkoutReminders({ db, sms: sms.sms, notices, appUrl: sms.appUrl }),
    report: () => sendWeeklyReports(db, core.notifications),
  }),
  jobs: ({ remind, report }) => ({
    'fitmate.workout-reminder': { description: '매일 09:00 운동 리마인더 (앱 알림, SMS 설정 사용자는 문자)', cron: '0 9 * * *', handler: remind },
    'fitmate.weekly-report': { description: '매주 일요일 18:00 주간 운동 리포트', cron: '0 18 * * 0', handler: report },
  }),
});
