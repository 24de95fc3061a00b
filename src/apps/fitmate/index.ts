import { defineApp } from '../../platform/app';
import { standardEnvelope } from '../../platform/http/envelope';
import { bodyFeature } from './body';
import { chatFeature } from './chat';
import { exercisesFeature } from './exercises';
import { goalsFeature } from './goals';
import { notificationsFeature } from './notifications';
import { fitmateSwitches, fitmateVerifiedPhone } from './notifications/switches';
import { recommendationsFeature } from './recommendations';
import { remindersFeature } from './reminders';
import * as schema from './schema';
import { fitmateSite } from './site';
import { smsFeature } from './sms';
import { trainersFeature } from './trainers';
import type { FitmateTypes } from './types';
import { usersFeature } from './users';
import { oauthPaths, providerColumns } from './users/oauth';
import { workoutsFeature } from './workouts';

export const fitmateApp = defineApp<FitmateTypes>({
  name: 'fitmate',
  schema,
  title: 'FitMate API',
  description: '운동 기록, 목표, 추천, 채팅과 알림을 제공하는 FitMate 백엔드 (document 000, 004)',
  displayName: 'FitMate',
  site: fitmateSite,
  apiPrefix: '/api',
  envelope: standardEnvelope,
  oauthCallbackPath: oauthPaths.callback,
  providerColumns,
  notificationSwitches: fitmateSwitches,
  verifiedPhone: fitmateVerifiedPhone,
  features(app) {
    const { notices } = app.add(notificationsFeature);
    const sms = app.add(smsFeature);
    app.add(usersFeature, { phoneCodes: sms.phoneCodes });
    const { catalog } = app.add(exercisesFeature);
    const { records } = app.add(workoutsFeature, { notices });
    const { trainers } = app.add(trainersFeature);
    app.add(bodyFeature, { records, trainers });
    app.add(goalsFeature, { records, notices });
    app.add(recommendationsFeature, { catalog, records });
    app.add(chatFeature);
    app.add(remindersFeature, { notices, sms });
  },
});
