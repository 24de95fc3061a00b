import type { Community } from '../community/service';
import type { CounsellingReview } from '../counselling/review';
import { defineFeature } from '../feature';
import { ActivityLog } from './activity';
import { adminRoutes } from './routes';
import { Admin } from './service';
import { statSources } from './sources';
import * as tables from './tables';

/** The moderation queue, the statistics with their daily-active record, and the flagged conversations' review; users and suspensions are the platform's. */
export const adminFeature = defineFeature({
  name: 'admin',
  tables,
  needs: ['http'],
  services({ db, logger, core }, { community, review }: { community: Community; review: CounsellingReview }) {
    const activity = new ActivityLog(db, logger);
    activity.attach(core.http);
    return { admin: new Admin(db, community, activity, statSources(db, review)), review };
  },
  routes: (router, services) => adminRoutes(router, services),
});
