import type { AppCore, AppContext } from '../../../platform/app';
import type { MindpauseFiles } from '../files/service';
import { CommunityNotices } from './notices';
import { registerCommunityRoutes } from './routes';
import { Community } from './service';

export function registerCommunity(core: AppCore, ctx: AppContext, files: MindpauseFiles): Community {
  const notices = new CommunityNotices({ db: ctx.database.db, notifier: core.notifications, cache: core.cache, logger: ctx.logger });
  const community = new Community(ctx.database.db, core.storage, files, notices);
  registerCommunityRoutes(core, community);
  return community;
}
