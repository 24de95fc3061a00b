import { z } from 'zod';
import { CAMERA_STATUSES } from '../cameras/tables';
import { cameraSchema } from '../cameras/schemas';
import { PairingMessage } from './messages';
import { PIN } from './secrets';

const id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export const DEFAULT_CODE_TTL_SEC = 300;

export const generateBody = z.strictObject({
  cameraId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  expiresInSec: z.number().int().min(60).max(3600).default(DEFAULT_CODE_TTL_SEC).describe('How long the PIN and QR code work (60–3600 s, default 300)'),
  autoRenew: z
    .boolean()
    .default(true)
    .describe(
      'While the camera is online, the server replaces the code shortly before it expires and as soon as it is spent, and sends the new one as `pairing:renewed`',
    ),
});
export type GenerateBody = z.output<typeof generateBody>;

export type CodeLookup = { pin: string } | { code: string };

/** Exactly one of a PIN typed in or a QR code scanned (the bare code or the whole QR payload). */
export const codeLookup = z
  .strictObject({
    pin: z.string().regex(PIN, PairingMessage.PIN_FORMAT).optional(),
    code: z.string().trim().min(1).max(300).optional().describe('The QR code, or the whole scanned payload {"t":"mimo-pair","c":…}'),
  })
  .refine((body) => (body.pin === undefined) !== (body.code === undefined), PairingMessage.PIN_OR_CODE)
  .transform((body): CodeLookup => (body.pin !== undefined ? { pin: body.pin } : { code: body.code! }));

export const codeParam = z.object({ code: z.string().min(1).max(300) });
export const cameraParam = z.object({ cameraId: id });
export const viewerParam = z.object({ cameraId: id, userId: id });

export const generatedSchema = z.object({
  cameraId: z.number(),
  pin: z.string().describe('Six digits from the CSPRNG; shown on the home camera'),
  code: z.string().describe('The QR code: `<id>.<random>`; single use'),
  qrPayload: z.string().describe('What the QR image carries: {"t":"mimo-pair","c":code}'),
  qr: z.object({ png: z.string().describe('data:image/png;base64,…'), svg: z.string() }),
  expiresAt: z.date(),
  expiresInSec: z.number(),
  autoRenew: z.boolean(),
});

const cameraSummary = z.object({ id: z.number(), name: z.string(), location: z.string().nullable(), status: z.enum(CAMERA_STATUSES) });

export const codeInfoSchema = z.object({
  valid: z.literal(true),
  camera: cameraSummary,
  owner: z.object({ name: z.string(), nickname: z.string().nullable() }),
  expiresAt: z.date(),
  role: z.enum(['owner', 'viewer']).nullable().describe('My role on that camera already, if any'),
});

export const establishedSchema = z.object({
  camera: cameraSchema,
  role: z.enum(['viewer', 'owner']).describe('viewer; owner only on the MIMO app’s /api/cameras/connect/pin/{pin}'),
  alreadyConnected: z.boolean().describe('I could already watch it; the code was left unspent'),
});

const watchedCamera = cameraSummary.extend({ lastSeen: z.date().nullable() });

export const activeSchema = z.object({
  viewers: z
    .array(
      z.object({
        camera: watchedCamera,
        viewers: z.array(
          z.object({
            userId: z.number(),
            name: z.string(),
            nickname: z.string().nullable(),
            grantedAt: z.date(),
            lastViewedAt: z.date().nullable(),
            watchingNow: z.boolean().describe('In the camera’s live room now'),
          }),
        ),
      }),
    )
    .describe('Each of my cameras with its viewers'),
  watching: z
    .array(z.object({ camera: watchedCamera, owner: z.object({ userId: z.number(), name: z.string(), nickname: z.string().nullable() }), grantedAt: z.date() }))
    .describe('Cameras I may watch'),
});
