import { defineApp } from '../../platform/app';
import { mindpauseSwitches, registerNotificationRoutes } from './notifications';
import { standardEnvelope } from '../../platform/http/envelope';
import { oauthPaths, registerIdentityRoutes } from './routes';
import * as schema from './schema';
import { mindpauseSite } from './site';
import { MindpauseProfiles } from './users/profile';
import { registerFiles } from './files';
import { registerCommunity } from './community';
import { registerAdmin } from './admin';
import { statSources } from './admin/sources';
import { registerEmotions } from './emotions';
import { registerChallenges } from './challenges';
import { registerCounselling } from './counselling';
import { registerReminders } from './reminders';

export const mindpauseApp = defineApp({
  name: 'mindpause',
  schema,
  title: '마음쉼표 (MindPause) API',
  description: '감정 기록, AI 상담, 커뮤니티와 챌린지를 제공하는 마음쉼표 백엔드 (document 002)',
  displayName: '마음쉼표',
  site: mindpauseSite,
  userNameField: 'nickname',
  apiPrefix: '/api/v1',
  envelope: standardEnvelope,
  oauthCallbackPath: oauthPaths.callback,
  providerColumns: (profile, joining) => (joining === 'new' && profile.picture ? { profileImageUrl: profile.picture.slice(0, 500) } : {}),
  notificationSwitches: mindpauseSwitches,
  features(app) {
    const { core, ctx } = app.whole();
    registerNotificationRoutes(core);
    registerIdentityRoutes(core, new MindpauseProfiles(ctx.database.db, core.storage));
    registerEmotions(core, ctx.database.db);
    registerChallenges(core, ctx.database.db);
    registerReminders(core, ctx);
    const { review } = registerCounselling(core, ctx);
    const files = registerFiles(core, ctx);
    const community = registerCommunity(core, ctx, files);
    registerAdmin(core, ctx, { community, review, sources: statSources(ctx.database.db, review) });
  },
});
