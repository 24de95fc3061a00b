import type { FastifyInstance } from 'fastify';
import type { RtcConfig } from '../../../config';
import type { Router } from '../../../platform/http/router';
import { iceServersRoutes } from './ice-servers';
import { livePages } from './pages';

/** The ICE servers a call needs (API) and the camera and viewer pages (outside the API). */
export function liveRoutes(router: Router, { rtc, http }: { rtc: RtcConfig; http: FastifyInstance }): void {
  iceServersRoutes(router, rtc);
  livePages(http);
}
