import { defineApp } from '../../platform/app';
import { standardEnvelope } from '../../platform/http/envelope';
import { adminFeature } from './admin';
import { challengesFeature } from './challenges';
import { communityFeature } from './community';
import { counsellingFeature } from './counselling';
import { emotionsFeature } from './emotions';
import { filesFeature } from './files';
import { notificationsFeature } from './notifications';
import { mindpauseSwitches } from './notifications/service';
import { remindersFeature } from './reminders';
import * as schema from './schema';
import { mindpauseSite } from './site';
import type { MindpauseTypes } from './types';
import { usersFeature } from './users';
import { oauthPaths } from './users/routes';
import { providerColumns } from './users/service';

export const mindpauseApp = defineApp<MindpauseTypes>({
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
  providerColumns,
  notificationSwitches: mindpauseSwitches,
  features(app) {
    app.add(notificationsFeature);
    app.add(usersFeature);
    app.add(emotionsFeature);
    app.add(challengesFeature);
    app.add(remindersFeature);
    const { review } = app.add(counsellingFeature);
    const { files } = app.add(filesFeature);
    const { community } = app.add(communityFeature, { files });
    app.add(adminFeature, { community, review });
  },
});
