import { z } from 'zod';
import type { Db } from '../../../platform/db/database';
import { type Router, idParam } from '../../../platform/http/router';
import type { CameraAccess } from '../cameras/access';
import { DEVICE_AUTH_TEXT, actorOf } from './actor';
import { EventMessage } from './messages';
import { MOTION_COOLDOWN_MS } from './motion';
import { EVENT_CREATE_LIMIT } from './service';
import { eventBody, eventPage, eventQuery, eventSchema, eventStatsSchema, eventUpdate, statsQuery } from './schemas';
import type { Events } from './service';
import { eventStats } from './stats';

const tags = ['events'];

/** Document 003's event API: /api/events, /api/events/:id, /api/events/:id/pin, /api/events/stats. */
export function eventsRoutes(router: Router, { db, access, events }: { db: Db; access: CameraAccess; events: Events }): void {
  router.get(
    '/api/events',
    {
      summary: '이벤트 목록 (Events of my cameras and those I may watch, newest first)',
      description:
        "Filters: cameraId, type, from/to (on startedAt), minScore, pinned, acknowledged. Keyset paging: pass the answer's `nextCursor` " +
        'as `cursor` for the next page; `hasMore` says whether one follows. No total is counted, so every page of a camera with ' +
        '100,000 events costs the same. A cameraId the caller has no role on is 404.',
      tags,
      auth: true,
      query: eventQuery,
      response: eventPage,
    },
    async (req) => events.list(req.principal.userId, req.query),
  );

  router.post(
    '/api/events',
    {
      summary: '이벤트 기록 (Record an event of a camera)',
      description:
        `${DEVICE_AUTH_TEXT} Motion and sound events need a score (0–100). A motion event notifies the owner and viewers whose settings ` +
        `let it through (notifications on and score ≥ 100 − motion sensitivity), at most once per person and camera in ${MOTION_COOLDOWN_MS / 1000} s. ` +
        `At most ${EVENT_CREATE_LIMIT.text} per camera.`,
      tags,
      auth: 'user-or-device',
      body: eventBody,
      response: eventSchema,
      status: 201,
      message: EventMessage.EVENT_CREATED,
    },
    async (req) => events.create(actorOf(req), req.body),
  );

  router.get(
    '/api/events/stats',
    {
      summary: '이벤트 통계 (Event counts by type, Seoul day and camera)',
      description: 'Optional cameraId and from/to (on startedAt). Days are Asia/Seoul calendar days; only days with events are listed.',
      tags,
      auth: true,
      query: statsQuery,
      response: eventStatsSchema,
    },
    async (req) => eventStats(db, access, req.principal.userId, req.query),
  );

  router.get('/api/events/:id', { summary: '이벤트 상세 (One event)', tags, auth: true, params: idParam, response: eventSchema }, async (req) =>
    events.get(req.principal.userId, req.params.id),
  );

  router.put(
    '/api/events/:id',
    {
      summary: '이벤트 수정 (Acknowledge, pin, or complete an event)',
      description: `Owner only (a viewer gets 403), or ${DEVICE_AUTH_TEXT} Editable: acknowledged, isPinned, metadata, endedAt, duration, imageUrl; camera, type and start are not.`,
      tags,
      auth: 'user-or-device',
      params: idParam,
      body: eventUpdate,
      response: eventSchema,
      message: EventMessage.EVENT_UPDATED,
    },
    async (req) => events.update(actorOf(req), req.params.id, req.body),
  );

  router.delete(
    '/api/events/:id',
    {
      summary: '이벤트 삭제 (Delete an event with its recordings)',
      description: 'Owner only. Its recordings and their stored files go too.',
      tags,
      auth: true,
      params: idParam,
      response: z.null(),
      message: EventMessage.EVENT_DELETED,
    },
    async (req) => {
      await events.delete(req.principal.userId, req.params.id);
      return null;
    },
  );

  router.post(
    '/api/events/:id/pin',
    {
      summary: '이벤트 고정/해제 (Pin or unpin an event)',
      description: 'Owner only; toggles. Pinned events and their recordings outlive the storage period.',
      tags,
      auth: true,
      params: idParam,
      response: eventSchema,
    },
    async (req) => events.togglePin(req.principal.userId, req.params.id),
  );
}
