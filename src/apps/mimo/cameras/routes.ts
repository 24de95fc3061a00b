import { z } from 'zod';
import { DEVICE_CREDENTIAL_HEADER, DeviceMessage } from '../../../platform/auth/devices';
import type { Db } from '../../../platform/db/database';
import type { Router } from '../../../platform/http/router';
import { idParam } from '../../../platform/http/router';
import { AppError, notFound, unauthorized } from '../../../platform/http/errors';
import { paginated } from '../../../platform/http/pagination';
import { AccessMessage, type CameraAccess } from './access';
import { appCameraSchema } from './app-view';
import { parseDeviceCredential } from './device';
import { cameraFleetRoutes } from './fleet';
import { CameraMessage } from './messages';
import {
  cameraBody,
  cameraQuery,
  cameraSchema,
  cameraUpdate,
  createdCameraSchema,
  credentialSchema,
  heartbeatBody,
  heartbeatSchema,
  statsQuery,
  statsSchema,
} from './schemas';
import type { Cameras } from './service';
import type { CameraStats } from './stats';
import type { CameraStatus } from './status';
import { HEARTBEAT_INTERVAL_SEC, MISSED_BEATS } from './sweeper';

const HEARTBEAT_RULES =
  `Either the camera itself, with its device credential in the \`X-Device-Credential\` header (no user token needed), or the owner's access token. ` +
  `A credential of another camera, a wrong one, or a viewer's token is refused. Beat every ${HEARTBEAT_INTERVAL_SEC} s; after ${MISSED_BEATS} missed beats the camera turns offline and its owner is notified.`;

export interface CameraRoutesDeps {
  cameras: Cameras;
  access: CameraAccess;
  status: CameraStatus;
  stats: CameraStats;
  /** The fleet's figures for admins are read straight from the tables. */
  db: Db;
}

/** Document 003's /api/cameras routes, and the fleet for admins. */
export function camerasRoutes(router: Router, { cameras, access, status, stats, db }: CameraRoutesDeps): void {
  cameraFleetRoutes(router, db);
  const tags = ['cameras'];
  const list = paginated(cameraSchema).extend({
    cameras: z.array(appCameraSchema).describe('The same cameras as the MIMO app reads them'),
    total: z.number(),
    owned: z.number(),
    shared: z.number(),
  });
  router.get(
    '/api/cameras',
    { summary: '카메라 목록 조회 (My cameras and those I may watch)', tags, auth: true, query: cameraQuery, response: list },
    async (req) => cameras.list(req.principal.userId, req.query),
  );
  // The MIMO app registers at /cameras/register; the same route.
  for (const path of ['/api/cameras', '/api/cameras/register']) {
    router.post(
      path,
      {
        summary: '새 카메라 등록 (Register a camera; its device credential is shown once)',
        tags,
        auth: true,
        body: cameraBody,
        response: createdCameraSchema,
        status: 201,
        message: CameraMessage.CAMERA_CREATED,
      },
      async (req) => cameras.create(req.principal.userId, req.body),
    );
  }
  router.get(
    '/api/cameras/:id',
    { summary: '카메라 상세 조회 (One camera, for its owner or a viewer)', tags, auth: true, params: idParam, response: cameraSchema },
    async (req) => cameras.get(req.principal.userId, req.params.id),
  );
  router.put(
    '/api/cameras/:id',
    {
      summary: '카메라 업데이트 (Change name, location, firmware or settings; owner only)',
      description: 'Only `name`, `location`, `firmware` and `settings` (merged with the stored ones); any other field is refused with 400.',
      tags,
      auth: true,
      params: idParam,
      body: cameraUpdate,
      response: cameraSchema,
      message: CameraMessage.CAMERA_UPDATED,
    },
    async (req) => cameras.update(req.principal.userId, req.params.id, req.body),
  );
  router.delete(
    '/api/cameras/:id',
    {
      summary: '카메라 삭제 (Delete a camera with its events and recordings; owner only)',
      tags,
      auth: true,
      params: idParam,
      response: z.object({ deletedCamera: cameraSchema.describe('The camera as it was') }),
      message: CameraMessage.CAMERA_DELETED,
    },
    async (req) => ({ deletedCamera: await cameras.delete(req.principal.userId, req.params.id) }),
  );
  router.post(
    '/api/cameras/:id/credential',
    {
      summary: '기기 인증 정보 재발급 (Rotate the device credential; owner only)',
      tags,
      auth: true,
      params: idParam,
      response: credentialSchema,
      message: CameraMessage.CREDENTIAL_ROTATED,
    },
    async (req) => cameras.rotateCredential(req.principal.userId, req.params.id),
  );
  router.post(
    '/api/cameras/:id/heartbeat',
    {
      summary: '하트비트 전송 (Heartbeat: the camera is online)',
      description: HEARTBEAT_RULES,
      tags,
      auth: 'optional',
      params: idParam,
      body: heartbeatBody,
      response: heartbeatSchema,
      message: CameraMessage.HEARTBEAT_OK,
    },
    async (req) => {
      const cameraId = req.params.id;
      const credential = req.headers[DEVICE_CREDENTIAL_HEADER];
      let beat;
      if (credential !== undefined && !req.principal) {
        // The one route that checks a device credential itself: the check and the beat are one
        // statement (10,000 cameras beat every 30 s), refused with the platform's one code.
        const device = parseDeviceCredential(credential);
        if (device?.cameraId !== cameraId) throw new AppError(401, DeviceMessage.DEVICE_CREDENTIAL_INVALID);
        beat = await status.beat(cameraId, { secretHash: device.secretHash, firmware: req.body?.firmware });
        if (!beat) throw new AppError(401, DeviceMessage.DEVICE_CREDENTIAL_INVALID);
      } else if (req.principal) {
        beat = await status.beat(cameraId, { ownerId: req.principal.userId, firmware: req.body?.firmware });
        // Not the owner's: a viewer is told it is not theirs to do, anyone else that there is no such camera.
        if (!beat) await access.requireOwnerToChange(req.principal.userId, cameraId);
      } else {
        throw unauthorized();
      }
      if (!beat) throw notFound(AccessMessage.CAMERA_NOT_FOUND);
      return { cameraId, status: beat.status, lastHeartbeat: beat.lastHeartbeat, heartbeatIntervalSec: HEARTBEAT_INTERVAL_SEC };
    },
  );
  router.get(
    '/api/cameras/:id/stats',
    {
      summary: '카메라 통계 조회 (Uptime, events by type, recordings and viewers)',
      tags,
      auth: true,
      params: idParam,
      query: statsQuery,
      response: statsSchema,
    },
    async (req) => {
      await access.requireAccess(req.principal.userId, req.params.id);
      return stats.of(req.params.id, req.query.days);
    },
  );
}
