import { z } from 'zod';

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** A peer: a Socket.IO socket id (20 base64url characters) or a plain connection's `ws_<uuid>`. */
const socketId = z.string().regex(/^[\w-]{1,64}$/);

export const SDP_MAX_LENGTH = 100 * 1024;
export const CANDIDATE_MAX_LENGTH = 2 * 1024;

export const cameraPayload = z.strictObject({ cameraId: id });

/** RTCIceCandidateInit; an empty candidate string is the end of the candidates. */
export const iceCandidate = z.strictObject({
  candidate: z.string().max(CANDIDATE_MAX_LENGTH),
  sdpMid: z.string().max(64).nullish(),
  sdpMLineIndex: z.number().int().min(0).max(255).nullish(),
  usernameFragment: z.string().max(256).nullish(),
});
export type IceCandidate = z.output<typeof iceCandidate>;

/** An SDP offer or answer. */
export const sdp = z.string().min(1).max(SDP_MAX_LENGTH);

export const sdpPayload = z.strictObject({ cameraId: id, to: socketId, sdp });

export const icePayload = z.strictObject({ cameraId: id, to: socketId, candidate: iceCandidate });

/** No payload, or an empty object. */
export const nothing = z.strictObject({}).optional();
