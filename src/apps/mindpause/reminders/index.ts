import { defineFeature } from '../feature';
import { CHALLENGE_REMINDER_JOB, sendChallengeReminders } from './challenge';
import { EMOTION_REMINDER_JOB, sendEmotionReminders } from './emotion';

/**
 * MindPause's reminders: hourly jobs (cron in Seoul time, once per tick across nodes) that each
 * remind the users whose chosen hour it is, at most once a day each.
 */
export const remindersFeature = defineFeature({
  name: 'reminders',
  needs: ['notifications'],
  // Nothing for other features: the reminders are only jobs.
  services() {},
  jobs: (_services, { db, core }) => ({
    [EMOTION_REMINDER_JOB]: {
      description: '매시 정각: 감정 기록 알림 시각(기본 21시)이 된 사용자 중 오늘 기록이 없는 사람에게 리마인더, 하루 한 번',
      cron: '0 * * * *',
      handler: () => sendEmotionReminders(db, core.notifications),
    },
    [CHALLENGE_REMINDER_JOB]: {
      description: '매시 정각: 챌린지 알림 시각(기본 20시)이 된 사용자에게 오늘 체크인하지 않은 진행 중 챌린지 리마인더, 하루 한 번',
      cron: '0 * * * *',
      handler: () => sendChallengeReminders(db, core.notifications),
    },
  }),
});
