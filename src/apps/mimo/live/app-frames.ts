import { z } from 'zod';
import { lineText } from '../../../platform/http/fields';
import { deviceIdField } from '../cameras/schemas';
import { PIN } from '../pairing/secrets';
import { iceCandidate, sdp } from './payloads';

/**
 * The frames of the MIMO app's own live protocol (plain WebSocket, `{type, data}`), in its exact
 * shapes: cameras are addressed by their device id (`MIMO_USER_<id>_MAIN_CAM`), viewers by the id
 * they make for themselves (`viewer_<ms>`). Only the keys the app sends are taken.
 */

/** A peer as the app names it: a camera's device id or a viewer's own id. */
const peerName = deviceIdField;
const timestamp = z.union([z.number().finite(), z.string().max(64)]).optional();

export const registerCameraFrame = z.strictObject({ id: deviceIdField, name: lineText(100).optional(), timestamp });
export const unregisterCameraFrame = z.strictObject({ id: deviceIdField });
/** Sent as `{}` by one timer and `{timestamp}` by another. */
export const heartbeatFrame = z.strictObject({ timestamp }).optional();
export const qrConnectFrame = z.strictObject({ connectionId: z.string().regex(PIN) });
export const joinStreamFrame = z.strictObject({ cameraId: deviceIdField, viewerId: peerName });
export const leaveStreamFrame = z.strictObject({ cameraId: deviceIdField, viewerId: peerName.optional() });
export const startStreamFrame = z.strictObject({ cameraId: deviceIdField, viewerId: peerName.optional(), timestamp });
export const stopStreamFrame = z.strictObject({ cameraId: deviceIdField });
export const statusUpdateFrame = z.unknown();

const description = (type: 'offer' | 'answer') => z.strictObject({ type: z.literal(type), sdp });

/** `{from, to, type, data}`: an offer or answer `{type, sdp}`, or an RTCIceCandidate's JSON. */
export const signalFrame = z.discriminatedUnion('type', [
  z.strictObject({ from: peerName, to: peerName, type: z.literal('offer'), data: description('offer') }),
  z.strictObject({ from: peerName, to: peerName, type: z.literal('answer'), data: description('answer') }),
  z.strictObject({ from: peerName, to: peerName, type: z.literal('ice-candidate'), data: iceCandidate }),
]);
