import { defineFeature } from '../feature';
import type { FitmateNotices } from '../notifications/notices';
import { RecordChanges } from './record-changes';
import { workoutsRoutes } from './routes';
import { Workouts } from './service';
import { WorkoutStatistics } from './statistics';
import * as tables from './tables';

/** Document 000's workout records and their statistics; `records` tells later features that a user's records changed. */
export const workoutsFeature = defineFeature({
  name: 'workouts',
  tables,
  needs: ['cache'],
  services({ core, db }, { notices }: { notices: FitmateNotices }) {
    const records = new RecordChanges();
    const statistics = new WorkoutStatistics(db, core.cache);
    records.subscribe((userId) => statistics.forget(userId));
    return { workouts: new Workouts(db, records, notices), statistics, records };
  },
  routes: (router, services) => workoutsRoutes(router, services),
});
