import type { AppCore, AppContext } from '../../../platform/app';
import type { Community } from '../community/service';
import type { CounsellingReview } from '../counselling';
import { registerFlaggedConversationRoutes } from './flagged';
import { ActivityLog } from './activity';
import { registerAdminRoutes } from './routes';
import { Admin, type StatSources } from './service';

export { ActivityLog } from './activity';

/** The admin routes (with the flagged counselling conversations) and the daily-active record; users and suspensions are the platform's. */
export function registerAdmin(
  core: AppCore,
  ctx: AppContext,
  { community, review, sources }: { community: Community; review: CounsellingReview; sources: StatSources },
) {
  const activity = new ActivityLog(ctx.database.db, ctx.logger);
  activity.attach(core.http);
  const admin = new Admin(ctx.database.db, community, activity, sources);
  registerAdminRoutes(core, admin);
  registerFlaggedConversationRoutes(core, review);
  return admin;
}
