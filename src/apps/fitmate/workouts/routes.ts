import { z } from 'zod';
import { defineMessages } from '../feature';
import { paginated } from '../../../platform/http/pagination';
import { type Router, idParam } from '../../../platform/http/router';
import { SEOUL } from '../../../platform/time';
import { workoutBody, workoutQuery, workoutSchema, workoutUpdate } from './schemas';
import type { Workouts } from './service';
import { type WorkoutStatistics, statisticsQuery, statisticsSchema } from './statistics';

const Message = defineMessages({
  WORKOUT_SAVED: { ko: '운동 기록이 저장되었습니다.', en: 'Workout saved.' },
  WORKOUT_UPDATED: { ko: '운동 기록이 수정되었습니다.', en: 'Workout updated.' },
  WORKOUT_DELETED: { ko: '운동 기록이 삭제되었습니다.', en: 'Workout deleted.' },
});

/** Document 000's workout routes: /api/workouts and /api/workouts/statistics. */
export function workoutsRoutes(router: Router, { workouts, statistics }: { workouts: Workouts; statistics: WorkoutStatistics }): void {
  const tags = ['workouts'];

  router.get(
    '/api/workouts/statistics',
    {
      summary: '운동 통계 (Workout statistics)',
      description: `period=week|month|year (calendar, ${SEOUL}; \`date\` picks which) or from/to. Streaks and personal records are all-time.`,
      tags,
      auth: true,
      query: statisticsQuery,
      response: statisticsSchema,
    },
    async (req) => statistics.of(req.principal.userId, req.query),
  );
  router.get(
    '/api/workouts',
    { summary: '운동 기록 조회 (My workouts)', tags, auth: true, query: workoutQuery, response: paginated(workoutSchema) },
    async (req) => workouts.list(req.principal.userId, req.query),
  );
  router.post(
    '/api/workouts',
    {
      summary: '운동 기록 생성 (Log a workout)',
      description: 'Calories left out are MET × body weight × hours.',
      tags,
      auth: true,
      body: workoutBody,
      response: workoutSchema,
      status: 201,
      message: Message.WORKOUT_SAVED,
    },
    async (req) => workouts.create(req.principal.userId, req.body),
  );
  router.get('/api/workouts/:id', { summary: '운동 기록 상세 (One workout)', tags, auth: true, params: idParam, response: workoutSchema }, async (req) =>
    workouts.get(req.principal.userId, req.params.id),
  );
  router.put(
    '/api/workouts/:id',
    {
      summary: '운동 기록 수정 (Update a workout)',
      tags,
      auth: true,
      params: idParam,
      body: workoutUpdate,
      response: workoutSchema,
      message: Message.WORKOUT_UPDATED,
    },
    async (req) => workouts.update(req.principal.userId, req.params.id, req.body),
  );
  router.delete(
    '/api/workouts/:id',
    { summary: '운동 기록 삭제 (Delete a workout)', tags, auth: true, params: idParam, response: z.null(), message: Message.WORKOUT_DELETED },
    async (req) => {
      await workouts.delete(req.principal.userId, req.params.id);
      return null;
    },
  );
}
