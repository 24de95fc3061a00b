import { z } from 'zod';
import type { Router } from '../../../platform/http/router';
import { deviceIdField } from '../cameras/schemas';
import type { Cameras } from '../cameras/service';
import type { PairingCodes } from './codes';
import { GUESS_LIMITS, type PairingLimits } from './limits';
import { PairingMessage } from './messages';
import { establishedSchema, generatedSchema } from './schemas';
import { PIN } from './secrets';

/** The MIMO app counts ten minutes down from the moment it shows a PIN, whatever the server says. */
export const APP_CODE_TTL_SEC = 600;

const generateBody = z.strictObject({
  cameraId: z
    .union([deviceIdField, z.number().int().positive().max(Number.MAX_SAFE_INTEGER)])
    .describe('The camera’s device id (as the app sends it) or its numeric id'),
  expiresInSec: z.number().int().min(60).max(3600).default(APP_CODE_TTL_SEC),
});

/**
 * The MIMO app's pairing calls, beside document 003's /api/qr and /api/connection (the same codes,
 * limits and rules): its camera phone asks for a PIN by the device id it made for itself, and its
 * viewer spends a PIN given in the path.
 */
export function appPairingRoutes(router: Router, deps: { codes: PairingCodes; cameras: Cameras; limits: PairingLimits }): void {
  const { codes, cameras, limits } = deps;
  const tags = ['pairing'];
  router.post(
    '/api/cameras/generate-pin',
    {
      summary: 'PIN 생성 (MIMO app: a PIN for my camera, named by its device id)',
      description:
        `A device id of no camera yet registers the caller's camera under it (within the 20-camera cap); another user's is 404. ` +
        `The PIN works ${APP_CODE_TTL_SEC / 60} minutes unless expiresInSec says otherwise, as the app shows. At most ${GUESS_LIMITS.generate.text} per user.`,
      tags,
      auth: true,
      body: generateBody,
      response: generatedSchema.extend({ pinCode: z.string().describe('The PIN, as the app reads it'), deviceId: z.string() }),
      status: 201,
      message: PairingMessage.CODE_GENERATED,
    },
    async (req) => {
      const userId = req.principal.userId;
      await limits.generate(userId);
      const { cameraId, expiresInSec } = req.body;
      const camera = typeof cameraId === 'number' ? await cameras.get(userId, cameraId) : await cameras.claim(userId, cameraId);
      const generated = await codes.generate(userId, { cameraId: camera.id, expiresInSec, autoRenew: true });
      return { ...generated, pinCode: generated.pin, deviceId: camera.deviceId };
    },
  );
  router.post(
    '/api/cameras/connect/pin/:pin',
    {
      summary: 'PIN으로 연결 (MIMO app: spend a PIN and watch its camera)',
      description:
        `As POST /api/connection/establish {pin}, with the camera's device id and name at \`cameraId\` and \`cameraName\` (its address in the live protocol). ` +
        `The camera's owner (a second phone of the same account) is told the camera is theirs instead of 409, and the code stays unspent.`,
      tags,
      auth: true,
      params: z.object({ pin: z.string().regex(PIN, PairingMessage.PIN_FORMAT) }),
      response: establishedSchema.extend({ cameraId: z.string().describe('The camera’s device id'), cameraName: z.string() }),
      message: PairingMessage.CONNECTION_ESTABLISHED,
    },
    async (req) => {
      await limits.lookup(req.principal.userId, req.ip);
      const established = await codes.establish(req.principal.userId, { pin: req.params.pin }, { ownerPasses: true });
      return { ...established, cameraId: established.camera.deviceId, cameraName: established.camera.name };
    },
  );
}
