import { type Router, idParam } from '../../../platform/http/router';
import { DEVICE_AUTH_TEXT, actorOf } from '../events/actor';
import { type MediaUploads, PRESIGN_LIMIT, UPLOAD_URL_TTL_SEC } from './media';
import { RecordingMessage } from './messages';
import { MEDIA_TYPES, clipUrlSchema, completeBody, presignBody, presignSchema, recordingSchema } from './schemas';
import { CLIP_URL_TTL_SEC, type Recordings } from './service';

const tags = ['media'];

/** Document 003's media API: /api/media/presign, /api/media/complete, /api/clips/:id/presign-get. */
export function mediaRoutes(router: Router, o: { recordings: Recordings; media: MediaUploads }): void {
  const { recordings, media } = o;

  router.post(
    '/api/media/presign',
    {
      summary: '업로드 URL 발급 (A signed URL to upload one recording segment)',
      description:
        `${DEVICE_AUTH_TEXT} Types: ${Object.keys(MEDIA_TYPES).join(', ')}; at most ${media.maxBytes} bytes here. ` +
        `PUT exactly fileSize bytes of that type to the URL within ${UPLOAD_URL_TTL_SEC / 60} minutes, then call POST /api/media/complete. ` +
        `At most ${PRESIGN_LIMIT.text} per camera.`,
      tags,
      auth: 'user-or-device',
      body: presignBody,
      response: presignSchema,
      status: 201,
      message: RecordingMessage.UPLOAD_URL_ISSUED,
    },
    async (req) => media.presign(actorOf(req), req.body),
  );

  router.post(
    '/api/media/complete',
    {
      summary: '업로드 완료 (Turn an uploaded segment into a recording)',
      description: `${DEVICE_AUTH_TEXT} The file must be in storage with the size granted (400 otherwise); an upload completes once (409 after).`,
      tags,
      auth: 'user-or-device',
      body: completeBody,
      response: recordingSchema,
      status: 201,
      message: RecordingMessage.RECORDING_CREATED,
    },
    async (req) => media.complete(actorOf(req), req.body),
  );

  router.get(
    '/api/clips/:id/presign-get',
    {
      summary: '다운로드 URL 발급 (A signed URL to download a recording)',
      description: `For the camera's owner and viewers. The URL lives ${CLIP_URL_TTL_SEC / 60} to ${(2 * CLIP_URL_TTL_SEC) / 60} minutes; an altered or stale one is refused.`,
      tags,
      auth: true,
      params: idParam,
      response: clipUrlSchema,
    },
    async (req) => recordings.downloadUrl(req.principal.userId, req.params.id),
  );
}
