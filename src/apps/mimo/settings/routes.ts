import { z } from 'zod';
import type { AuditLog } from '../../../platform/audit/audit-log';
import { defineMessages } from '../feature';
import { type Router, idParam } from '../../../platform/http/router';
import type { AppLock } from './app-lock';
import type { CameraSettingsService } from './camera-settings';
import {
  SettingsFieldMessage,
  cameraSettingsResponse,
  cameraSettingsSchema,
  pinBody,
  settingKeyParam,
  settingValueBody,
  settingValueSchema,
  settingsExport,
  settingsImport,
  settingsSchema,
  settingsUpdate,
} from './schemas';
import { allSettingsOf, allSettingsSchema, resetBody } from './app-model';
import { appSettingsRoutes } from './app-routes';
import type { SettingsService } from './service';
import type { SettingsTransfer } from './transfer';

const Message = defineMessages({
  SETTINGS_UPDATED: { ko: '설정이 저장되었습니다.', en: 'Settings saved.' },
  SETTINGS_RESET: { ko: '설정이 초기화되었습니다.', en: 'Settings reset to the defaults.' },
  SETTINGS_EXPORTED: { ko: '설정을 내보냈습니다.', en: 'Settings exported.' },
  SETTINGS_IMPORTED: { ko: '설정을 가져왔습니다.', en: 'Settings imported.' },
  CAMERA_SETTINGS_UPDATED: { ko: '카메라 설정이 저장되었습니다.', en: 'Camera settings saved.' },
});

const KEY_RULES =
  'key: one of notificationEnabled, emailNotification, motionSensitivity, recordingQuality, storageDays, appLockEnabled, ' +
  'appLockPinSet (read-only), appLockPin (write-only: the answer is appLockPinSet) or any extra key. Values follow PUT /api/settings; null removes an extra key or clears the PIN.';

/** Document 003's settings: /api/settings*, /api/cameras/:id/settings. */
export interface SettingsRoutesDeps {
  settings: SettingsService;
  appLock: AppLock;
  cameraSettings: CameraSettingsService;
  transfer: SettingsTransfer;
  /** An export of a user's data is audited. */
  audit: AuditLog;
}

export function settingsRoutes(router: Router, { settings, appLock, cameraSettings, transfer, audit }: SettingsRoutesDeps): void {
  const tags = ['settings'];

  router.get(
    '/api/settings',
    {
      summary: '설정 조회 (My settings; defaults until first saved)',
      description: 'Also `settings: {core, custom, combined}`: the same settings in the MIMO app’s model (see /api/settings/core).',
      tags,
      auth: true,
      response: settingsSchema.extend({ settings: allSettingsSchema }),
    },
    async (req) => {
      const current = await settings.get(req.principal.userId);
      return { ...current, settings: allSettingsOf(current) };
    },
  );
  router.put(
    '/api/settings',
    {
      summary: '설정 업데이트 (Change some settings)',
      description:
        'Partial: only the fields given change. `extra` merges keys (null removes one). Turning appLockEnabled on needs a PIN (E_APP_LOCK_PIN_REQUIRED).',
      tags,
      auth: true,
      body: settingsUpdate,
      response: settingsSchema,
      message: Message.SETTINGS_UPDATED,
    },
    async (req) => settings.update(req.principal.userId, req.body),
  );
  router.post(
    '/api/settings/reset',
    {
      summary: '설정 초기화 (Back to the defaults; PIN and extra keys cleared)',
      description: 'No body (or `resetType: "all"`): everything. `resetType: "core"`: the app’s core settings only; `"custom"`: the extra keys only.',
      tags,
      auth: true,
      body: resetBody,
      response: settingsSchema,
      message: Message.SETTINGS_RESET,
    },
    async (req) => settings.reset(req.principal.userId, req.body?.resetType),
  );
  appSettingsRoutes(router, settings);
  router.post(
    '/api/settings/export',
    {
      summary: '설정 내보내기 (Export my settings and my cameras’ settings as JSON)',
      tags,
      auth: true,
      response: settingsExport,
      message: Message.SETTINGS_EXPORTED,
    },
    async (req) => {
      const exported = await transfer.export(req.principal.userId);
      await audit.record({
        action: 'data.exported',
        target: { type: 'user', id: req.principal.userId },
        details: { kind: 'settings', cameras: exported.cameras.length },
      });
      return exported;
    },
  );
  router.post(
    '/api/settings/import',
    {
      summary: '설정 가져오기 (Import an export: all or nothing)',
      description: 'Validated first; then in one transaction. One bad value or a camera that is not mine (E_CAMERA_NOT_FOUND) changes nothing.',
      tags,
      auth: true,
      body: settingsImport,
      response: z.object({ settings: settingsSchema, cameras: z.array(z.object({ id: z.number(), settings: cameraSettingsSchema })) }),
      message: Message.SETTINGS_IMPORTED,
    },
    async (req) => transfer.import(req.principal.userId, req.body),
  );
  router.post(
    '/api/settings/app-lock/verify',
    {
      summary: '앱 잠금 PIN 확인 (Check the app-lock PIN; 5 tries per 15 minutes)',
      tags,
      auth: true,
      body: pinBody,
      response: z.object({ valid: z.boolean() }),
    },
    async (req) => ({ valid: await appLock.verify(req.principal.userId, req.body.pin, req.ip) }),
  );
  router.get(
    '/api/settings/:key',
    { summary: '특정 설정 값 조회 (One setting)', description: KEY_RULES, tags, auth: true, params: settingKeyParam, response: settingValueSchema },
    async (req) => settings.getKey(req.principal.userId, req.params.key),
  );
  router.put(
    '/api/settings/:key',
    {
      summary: '특정 설정 값 업데이트 (Change one setting)',
      description: KEY_RULES,
      tags,
      auth: true,
      params: settingKeyParam,
      body: settingValueBody,
      response: settingValueSchema,
      message: Message.SETTINGS_UPDATED,
    },
    async (req) => settings.setKey(req.principal.userId, req.params.key, req.body.value),
  );

  router.get(
    '/api/cameras/:id/settings',
    {
      summary: '카메라별 설정 조회 (A camera’s settings; owner and viewers)',
      tags: ['cameras', ...tags],
      auth: true,
      params: idParam,
      response: cameraSettingsResponse,
    },
    async (req) => cameraSettings.get(req.principal.userId, req.params.id),
  );
  router.put(
    '/api/cameras/:id/settings',
    {
      summary: '카메라별 설정 업데이트 (Change a camera’s settings; owner only)',
      description: `Merges the keys given; the camera's room hears \`camera:settings\`. Viewers get 403.`,
      tags: ['cameras', ...tags],
      auth: true,
      params: idParam,
      body: cameraSettingsSchema.refine((patch) => Object.keys(patch).length > 0, SettingsFieldMessage.NOTHING_TO_CHANGE),
      response: cameraSettingsResponse,
      message: Message.CAMERA_SETTINGS_UPDATED,
    },
    async (req) => cameraSettings.update(req.principal.userId, req.params.id, req.body),
  );
}
