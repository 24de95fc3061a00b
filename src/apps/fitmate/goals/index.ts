import { defineFeature } from '../feature';
import type { FitmateNotices } from '../notifications/notices';
import type { RecordChanges } from '../workouts/record-changes';
import { completeReachedGoals } from './goal-check';
import { goalsRoutes } from './routes';
import { Goals } from './service';
import * as tables from './tables';
import { GoalTracker } from './tracking';

/** Document 000's goals: their progress follows the user's records, and reaching one is announced. */
export const goalsFeature = defineFeature({
  name: 'goals',
  tables,
  needs: [],
  services({ db }, { records, notices }: { records: RecordChanges; notices: FitmateNotices }) {
    const tracker = new GoalTracker(db);
    records.subscribe((userId) => tracker.refreshOpenGoals(userId));
    return { goals: new Goals(db, tracker, notices), completeReached: () => completeReachedGoals(db, notices) };
  },
  routes: (router, services) => goalsRoutes(router, services),
  jobs: ({ completeReached }) => ({
    'fitmate.goal-check': { description: '매시 정각 목표 달성 확인', cron: '0 * * * *', handler: completeReached },
  }),
});
