import { defineFeature } from '../feature';
import type { MindpauseFiles } from '../files/service';
import { CommunityNotices } from './notices';
import { communityRoutes } from './routes';
import { Community } from './service';
import * as tables from './tables';

/** Document 002's Phase 4.1 and 4.2: posts, comments, likes and reports, with notices to authors. */
export const communityFeature = defineFeature({
  name: 'community',
  tables,
  needs: ['cache', 'storage', 'notifications'],
  services({ db, logger, core }, { files }: { files: MindpauseFiles }) {
    const notices = new CommunityNotices({ db, notifier: core.notifications, cache: core.cache, logger });
    return { community: new Community(db, core.storage, files, notices) };
  },
  routes: (router, services) => communityRoutes(router, services),
});
