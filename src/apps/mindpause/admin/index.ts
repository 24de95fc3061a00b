import type { AppCore, AppContext } from '../../../platform/app';
import type { Community } from '../community/service';
import type { CounsellingReview } from '../counselling';
import { registerFlaggedConversationRoutes } from './flagged';
import { ActivityLog } from './activity';
import { registerAdminRoutes } from './routes';
import { Admin, type StatSources } from './service';

export { ActivityLog } from './activity';

/** The admin routes (with the flagged counselling conversations), the daily-active record and the job that ends suspensions when their time is up. */
export function registerAdmin(core: AppCore, ctx: AppContext, { community, review, sources }: { community: Community; review: CounsellingReview; sources: StatSources }) {
  const activity = new ActivityLog(ctx.database.db, ctx.logger);
  activity.attach(core.http);
  const admin = new Admin(ctx.database.db, core.identity, community, activity, sources);
  registerAdminRoutes(core, admin);
  registerFlaggedConversationRoutes(core, review);
  core.jobs.define({
    name: 'suspensions.lift',
    description: '기간이 끝난 사용자 정지 해제 (lifts suspensions whose end has come)',
    cron: '* * * * *',
    handler: async () => ({ lifted: await admin.liftEndedSuspensions() }),
  });
  return admin;
}
