import { z } from 'zod';
import type { Router } from '../../../platform/http/router';
import { coreSettingsSchema, coreSettingsUpdate, customSettingBody, customSettingOf, customSettingSchema, fromCore, toCore } from './app-model';
import { extraKey } from './schemas';
import type { SettingsService } from './service';

/**
 * The MIMO app's settings routes, over the same settings as /api/settings: its core settings
 * (snake_case, sensitivity and quality in its own words) and its custom key/value settings (the
 * `extra` keys). Static paths, so they come before /api/settings/{key}.
 */
export function appSettingsRoutes(router: Router, settings: SettingsService): void {
  const tags = ['settings'];
  const core = z.object({ coreSettings: coreSettingsSchema });
  router.get('/api/settings/core', { summary: '핵심 설정 조회 (MIMO app: core settings)', tags, auth: true, response: core }, async (req) => ({
    coreSettings: toCore(await settings.get(req.principal.userId)),
  }));
  router.put(
    '/api/settings/core',
    {
      summary: '핵심 설정 업데이트 (MIMO app: change core settings)',
      description:
        'Any of the core settings; motion_sensitivity low/medium/high is 25/50/75 of motionSensitivity, recording_quality 720p/1080p/4K is low/medium/high.',
      tags,
      auth: true,
      body: coreSettingsUpdate,
      response: core,
    },
    async (req) => ({ coreSettings: toCore(await settings.update(req.principal.userId, fromCore(req.body))) }),
  );
  router.get(
    '/api/settings/custom',
    { summary: '커스텀 설정 조회 (MIMO app: custom settings)', tags, auth: true, response: z.object({ customSettings: z.record(z.string(), z.unknown()) }) },
    async (req) => ({
      customSettings: (await settings.get(req.principal.userId)).extra,
    }),
  );
  const keyParam = z.object({ key: extraKey });
  router.put(
    '/api/settings/custom/:key',
    {
      summary: '커스텀 설정 저장 (MIMO app: set a custom setting)',
      tags,
      auth: true,
      params: keyParam,
      body: customSettingBody,
      response: z.object({ customSetting: customSettingSchema }),
    },
    async (req) => {
      const { key } = req.params;
      const saved = await settings.update(req.principal.userId, { extra: { [key]: req.body.value } });
      return { customSetting: customSettingOf(key, saved.extra[key] as typeof req.body.value, req.body.dataType) };
    },
  );
  router.delete(
    '/api/settings/custom/:key',
    {
      summary: '커스텀 설정 삭제 (MIMO app: remove a custom setting)',
      tags,
      auth: true,
      params: keyParam,
      response: z.object({ key: z.string(), deleted: z.literal(true) }),
    },
    async (req) => {
      await settings.removeExtra(req.principal.userId, req.params.key);
      return { key: req.params.key, deleted: true as const };
    },
  );
}
