import { z } from 'zod';
import { paginated } from '../../../platform/http/pagination';
import { type Router, idParam } from '../../../platform/http/router';
import { DEVICE_AUTH_TEXT, actorOf } from '../events/actor';
import type { MediaUploads } from './media';
import { mediaRoutes } from './media-routes';
import { RecordingMessage } from './messages';
import { recordingBody, recordingQuery, recordingSchema, recordingStatsQuery, recordingStatsSchema, recordingUpdate } from './schemas';
import type { Recordings } from './service';

const tags = ['recordings'];

/** Document 003's recording API: /api/recordings, /api/recordings/:id, /api/events/:id/recordings, /api/recordings/stats. */
export function recordingsRoutes(router: Router, o: { recordings: Recordings; media: MediaUploads }): void {
  const { recordings, media } = o;

  router.get(
    '/api/recordings',
    {
      summary: '녹화 파일 목록 (Recordings of my cameras and those I may watch, newest first)',
      description: 'Filters: cameraId, eventId, from/to (on when the segment was stored). A camera or event the caller has no role on is 404.',
      tags,
      auth: true,
      query: recordingQuery,
      response: paginated(recordingSchema),
    },
    async (req) => recordings.list(req.principal.userId, req.query),
  );

  router.post(
    '/api/recordings',
    {
      summary: '녹화 파일 등록 (Register an uploaded segment)',
      description:
        `${DEVICE_AUTH_TEXT} The segment must have been uploaded through POST /api/media/presign; name it by its key and event. ` +
        'The same as POST /api/media/complete: the stored file must be there with the size granted; each upload becomes one recording (409 after).',
      tags,
      auth: 'user-or-device',
      body: recordingBody,
      response: recordingSchema,
      status: 201,
      message: RecordingMessage.RECORDING_CREATED,
    },
    async (req) => media.register(actorOf(req), req.body),
  );

  router.get(
    '/api/recordings/stats',
    {
      summary: '녹화 파일 통계 (Recording count, bytes and seconds by camera and Seoul day)',
      description: 'Optional cameraId and from/to (on when stored).',
      tags,
      auth: true,
      query: recordingStatsQuery,
      response: recordingStatsSchema,
    },
    async (req) => recordings.stats(req.principal.userId, req.query),
  );

  router.get('/api/recordings/:id', { summary: '녹화 파일 상세 (One recording)', tags, auth: true, params: idParam, response: recordingSchema }, async (req) =>
    recordings.get(req.principal.userId, req.params.id),
  );

  router.put(
    '/api/recordings/:id',
    {
      summary: '녹화 파일 수정 (Describe a recording)',
      description: `Owner only (a viewer gets 403), or ${DEVICE_AUTH_TEXT} Editable: filename, indexNum, startedAt, endedAt, duration; never the file, its size, camera or event.`,
      tags,
      auth: 'user-or-device',
      params: idParam,
      body: recordingUpdate,
      response: recordingSchema,
      message: RecordingMessage.RECORDING_UPDATED,
    },
    async (req) => recordings.update(actorOf(req), req.params.id, req.body),
  );

  router.delete(
    '/api/recordings/:id',
    {
      summary: '녹화 파일 삭제 (Delete a recording and its file)',
      description: 'Owner only.',
      tags,
      auth: true,
      params: idParam,
      response: z.null(),
      message: RecordingMessage.RECORDING_DELETED,
    },
    async (req) => {
      await recordings.delete(req.principal.userId, req.params.id);
      return null;
    },
  );

  router.get(
    '/api/events/:id/recordings',
    {
      summary: '이벤트별 녹화 파일 (The recordings of one event, in order)',
      tags: ['events', ...tags],
      auth: true,
      params: idParam,
      response: z.array(recordingSchema),
    },
    async (req) => recordings.ofEvent(req.principal.userId, req.params.id),
  );
  mediaRoutes(router, o);
}
