import { z } from 'zod';
import { paginated } from '../../../platform/http/pagination';
import { type Router, idParam } from '../../../platform/http/router';
import { LABELS, emotionBody, emotionQuery, emotionSchema, emotionUpdate, labelsSchema } from './schemas';
import { EmotionMessage } from './messages';
import type { Emotions } from './service';
import { type EmotionStatistics, statsQuery, statsSchema } from './statistics';

/** Document 002's Phase 3.1: /api/v1/emotions, its statistics, and the set of emotions. */
export function emotionsRoutes(router: Router, { emotions, statistics }: { emotions: Emotions; statistics: EmotionStatistics }): void {
  const tags = ['emotions'];

  // Fixed paths first in the source, for the reader; Fastify prefers them over /:id anyway.
  router.get('/api/v1/emotions/labels', { summary: '감정 목록 (The emotions and their Korean labels)', tags, response: labelsSchema }, async () => LABELS);
  router.get(
    '/api/v1/emotions/stats',
    {
      summary: '감정 통계 (Mood statistics)',
      description:
        'period=week|month|year: the Seoul calendar week (Monday first), month or year holding `date` (default today). Days, weekdays and times of day are Seoul time: 새벽 0–6시, 오전 6–12시, 오후 12–18시, 저녁 18–22시, 밤 22–24시. Streaks are all-time.',
      tags,
      auth: true,
      query: statsQuery,
      response: statsSchema,
    },
    async (req) => statistics.of(req.principal.userId, req.query),
  );
  router.get(
    '/api/v1/emotions',
    { summary: '감정 기록 목록 (My mood records, newest first)', tags, auth: true, query: emotionQuery, response: paginated(emotionSchema) },
    async (req) => emotions.list(req.principal.userId, req.query),
  );
  router.get('/api/v1/emotions/:id', { summary: '감정 기록 상세 (One mood record)', tags, auth: true, params: idParam, response: emotionSchema }, async (req) =>
    emotions.get(req.principal.userId, req.params.id),
  );
  router.post(
    '/api/v1/emotions',
    {
      summary: '감정 기록 생성 (Record a mood)',
      tags,
      auth: true,
      body: emotionBody,
      response: emotionSchema,
      status: 201,
      message: EmotionMessage.EMOTION_CREATED,
    },
    async (req) => emotions.create(req.principal.userId, req.body),
  );
  router.patch(
    '/api/v1/emotions/:id',
    {
      summary: '감정 기록 수정 (Update a mood record)',
      tags,
      auth: true,
      params: idParam,
      body: emotionUpdate,
      response: emotionSchema,
      message: EmotionMessage.EMOTION_UPDATED,
    },
    async (req) => emotions.update(req.principal.userId, req.params.id, req.body),
  );
  router.delete(
    '/api/v1/emotions/:id',
    { summary: '감정 기록 삭제 (Delete a mood record)', tags, auth: true, params: idParam, response: z.null(), message: EmotionMessage.EMOTION_DELETED },
    async (req) => {
      await emotions.delete(req.principal.userId, req.params.id);
      return null;
    },
  );
}
