import { z } from 'zod';

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** Socket.IO socket ids are 20 characters of base64url; a little room for other engines. */
const socketId = z.string().regex(/^[\w-]{1,64}$/);

export const SDP_MAX_LENGTH = 100 * 1024;
export const CANDIDATE_MAX_LENGTH = 2 * 1024;

export const cameraPayload = z.strictObject({ cameraId: id });

export const sdpPayload = z.strictObject({ cameraId: id, to: socketId, sdp: z.string().min(1).max(SDP_MAX_LENGTH) });

/** RTCIceCandidateInit; an empty candidate string is the end of the candidates. */
export const icePayload = z.strictObject({
  cameraId: id,
  to: socketId,
  candidate: z.strictObject({
    candidate: z.string().max(CANDIDATE_MAX_LENGTH),
    sdpMid: z.string().max(64).nullish(),
    sdpMLineIndex: z.number().int().min(0).max(255).nullish(),
    usernameFragment: z.string().max(256).nullish(),
  }),
});

/** No payload, or an empty object. */
export const nothing = z.strictObject({}).optional();
