import type { AppCore, AppContext } from '../../../platform/app';
import type { MindpauseFiles } from '../files/service';
import { registerCommunityRoutes } from './routes';
import { Community } from './service';

export function registerCommunity(core: AppCore, ctx: AppContext, files: MindpauseFiles): Community {
  const community = new Community(ctx.database.db, core.storage, files);
  registerCommunityRoutes(core, community);
  return community;
}
