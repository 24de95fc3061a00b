import { z } from 'zod';
import type { AuditLog } from '../../../platform/audit/audit-log';
import type { Router } from '../../../platform/http/router';
import type { Cameras } from '../cameras/service';
import { appPairingRoutes } from './app-routes';
import type { Connections } from './connections';
import type { PairingCodes } from './codes';
import type { PairingLimits } from './limits';
import { GUESS_LIMITS } from './limits';
import { PairingMessage } from './messages';
import { activeSchema, cameraParam, codeInfoSchema, codeLookup, codeParam, establishedSchema, generateBody, generatedSchema, viewerParam } from './schemas';

const LOOKUP_RULES =
  `Invalid codes answer 400 E_INVALID_PAIRING_CODE, expired ones 410 E_PAIRING_CODE_EXPIRED, spent ones 409 E_PAIRING_CODE_USED. ` +
  `Every lookup (validate, info, establish) counts: at most ${GUESS_LIMITS.user.text} per user and ${GUESS_LIMITS.ip.text} per address, then 429.`;

export interface PairingRoutesDeps {
  codes: PairingCodes;
  connections: Connections;
  limits: PairingLimits;
  /** Sharing a camera (a code made, a code spent) and ending a share are audited. */
  audit: AuditLog;
  cameras: Cameras;
}

/** Document 003's /api/qr and /api/connection routes, and the MIMO app's pairing calls. */
export function pairingRoutes(router: Router, { codes, connections, limits, audit, cameras }: PairingRoutesDeps): void {
  const tags = ['pairing'];
  router.post(
    '/api/qr/generate',
    {
      summary: 'QR/PIN 코드 생성 (A pairing PIN and QR code for my camera; replaces the earlier one)',
      description: `Owner only. At most ${GUESS_LIMITS.generate.text} per user.`,
      tags,
      auth: true,
      body: generateBody,
      response: generatedSchema,
      status: 201,
      message: PairingMessage.CODE_GENERATED,
    },
    async (req) => {
      await limits.generate(req.principal.userId);
      const generated = await codes.generate(req.principal.userId, req.body);
      await audit.record({
        action: 'camera.share_code_created',
        target: { type: 'camera', id: generated.cameraId },
        details: { expiresAt: generated.expiresAt },
      });
      return generated;
    },
  );
  router.post(
    '/api/qr/validate',
    {
      summary: 'QR/PIN 코드 검증 (Which camera a PIN or QR code opens; grants nothing)',
      description: LOOKUP_RULES,
      tags,
      auth: true,
      body: codeLookup,
      response: codeInfoSchema,
      message: PairingMessage.CODE_VALID,
    },
    async (req) => {
      await limits.lookup(req.principal.userId, req.ip);
      return { valid: true as const, ...(await codes.info(req.principal.userId, req.body)) };
    },
  );
  router.get(
    '/api/qr/:code/info',
    { summary: '연결 코드 정보 조회 (What a QR code opens)', description: LOOKUP_RULES, tags, auth: true, params: codeParam, response: codeInfoSchema },
    async (req) => {
      await limits.lookup(req.principal.userId, req.ip);
      return { valid: true as const, ...(await codes.info(req.principal.userId, { code: req.params.code })) };
    },
  );
  router.post(
    '/api/connection/establish',
    {
      summary: '홈캠-뷰어 연결 설정 (Spend a code and become a viewer of its camera)',
      description: `${LOOKUP_RULES} A code works once. The camera's owner gets 409 E_OWN_CAMERA; a user who already watches keeps the code unspent.`,
      tags,
      auth: true,
      body: codeLookup,
      response: establishedSchema,
      message: PairingMessage.CONNECTION_ESTABLISHED,
    },
    async (req) => {
      await limits.lookup(req.principal.userId, req.ip);
      const established = await codes.establish(req.principal.userId, req.body);
      if (!established.alreadyConnected)
        await audit.record({ action: 'camera.shared', target: { type: 'camera', id: established.camera.id }, details: { viewerId: req.principal.userId } });
      return established;
    },
  );
  router.get(
    '/api/connection/active',
    { summary: '활성 연결 목록 조회 (Viewers of my cameras and cameras I watch)', tags, auth: true, response: activeSchema },
    async (req) => connections.active(req.principal.userId),
  );
  router.delete(
    '/api/connection/:cameraId/viewers/:userId',
    {
      summary: '뷰어 연결 해제 (Remove a viewer from my camera)',
      tags,
      auth: true,
      params: viewerParam,
      response: z.null(),
      message: PairingMessage.VIEWER_REVOKED,
    },
    async (req) => {
      await connections.revoke(req.principal.userId, req.params.cameraId, req.params.userId);
      await audit.record({ action: 'camera.share_revoked', target: { type: 'camera', id: req.params.cameraId }, details: { viewerId: req.params.userId } });
      return null;
    },
  );
  router.delete(
    '/api/connection/:cameraId',
    {
      summary: '카메라 연결 해제 (Stop watching a camera)',
      tags,
      auth: true,
      params: cameraParam,
      response: z.null(),
      message: PairingMessage.CONNECTION_LEFT,
    },
    async (req) => {
      await connections.leave(req.principal.userId, req.params.cameraId);
      await audit.record({ action: 'camera.share_left', target: { type: 'camera', id: req.params.cameraId }, details: { viewerId: req.principal.userId } });
      return null;
    },
  );
  appPairingRoutes(router, { codes, cameras, limits });
}
