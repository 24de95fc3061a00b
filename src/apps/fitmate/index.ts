import { defineApp } from '../../platform/app';
import { fitmateSwitches, fitmateVerifiedPhone, registerNotificationRoutes } from './notifications';
import { registerFitmateApi } from './api';
import { standardEnvelope } from '../../platform/http/envelope';
import { oauthPaths, registerIdentityRoutes } from './routes';
import * as schema from './schema';
import { fitmateSite } from './site';
import { fitmatePhoneCodes, registerSms } from './sms';
import { FitmateProfiles } from './users/profile';

export const fitmateApp = defineApp({
  name: 'fitmate',
  schema,
  title: 'FitMate API',
  description: '운동 기록, 목표, 추천, 채팅과 알림을 제공하는 FitMate 백엔드 (document 000, 004)',
  displayName: 'FitMate',
  site: fitmateSite,
  apiPrefix: '/api',
  envelope: standardEnvelope,
  oauthCallbackPath: oauthPaths.callback,
  providerColumns: (profile, joining) => (joining === 'new' ? { providerId: profile.providerUserId, picture: profile.picture?.slice(0, 500) } : {}),
  notificationSwitches: fitmateSwitches,
  verifiedPhone: fitmateVerifiedPhone,
  features(app) {
    const { core, ctx } = app.whole();
    registerNotificationRoutes(core);
    const phoneCodes = fitmatePhoneCodes(core, ctx);
    registerIdentityRoutes(core, new FitmateProfiles(ctx.database.db, core.storage, phoneCodes));
    registerSms(core, ctx, phoneCodes);
    registerFitmateApi(core, ctx);
  },
});
