import { createHmac } from 'node:crypto';
import { z } from 'zod';
import type { RtcConfig } from '../../../config';
import { DEVICE_CREDENTIAL_HEADER } from '../../../platform/auth/devices';
import type { Router } from '../../../platform/http/router';

/** One entry of RTCConfiguration.iceServers. */
export interface IceServer {
  urls: string[];
  username?: string;
  credential?: string;
}

/**
 * A TURN credential by the TURN REST API scheme (coturn's use-auth-secret): the username is
 * `<expiry unix time>:<user id>` and the password base64(HMAC-SHA1(shared secret, username)), so
 * the TURN server checks it with the secret alone and refuses it once it has expired.
 */
export function turnCredential(secret: string, userId: number, ttlSec: number, now = Date.now()) {
  const expiresAt = Math.floor(now / 1000) + ttlSec;
  const username = `${expiresAt}:${userId}`;
  const credential = createHmac('sha1', secret).update(username).digest('base64');
  return { username, credential, expiresAt: new Date(expiresAt * 1000) };
}

/** The ICE servers for one user: the STUN servers, and the TURN servers with a fresh credential. */
export function iceServersFor(rtc: RtcConfig, userId: number, now = Date.now()) {
  const iceServers: IceServer[] = rtc.stunUrls.length ? [{ urls: rtc.stunUrls }] : [];
  if (!rtc.turn) return { iceServers, ttl: null, expiresAt: null };
  const { username, credential, expiresAt } = turnCredential(rtc.turn.secret, userId, rtc.turn.ttlSec, now);
  iceServers.push({ urls: rtc.turn.urls, username, credential });
  return { iceServers, ttl: rtc.turn.ttlSec, expiresAt };
}

const iceServersSchema = z.object({
  iceServers: z.array(z.object({ urls: z.array(z.string()), username: z.string().optional(), credential: z.string().optional() })),
  ttl: z.number().int().nullable(),
  expiresAt: z.date().nullable(),
});

/** GET /api/rtc/ice-servers: for a signed-in user, or a camera by its device credential (its owner's credential). */
export function iceServersRoutes(router: Router, rtc: RtcConfig): void {
  router.get(
    '/api/rtc/ice-servers',
    {
      summary: 'WebRTC ICE 서버 (STUN/TURN servers with a time-limited TURN credential)',
      description: `A user's access token, or a camera's device credential in the ${DEVICE_CREDENTIAL_HEADER} header. The answer is RTCConfiguration.iceServers as is.`,
      tags: ['live'],
      auth: 'user-or-device',
      response: iceServersSchema,
    },
    // A camera's credential stands for its owner.
    async (req) => iceServersFor(rtc, req.principal.userId),
  );
}
