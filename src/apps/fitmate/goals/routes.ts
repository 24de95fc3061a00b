import { z } from 'zod';
import { paginated } from '../../../platform/http/pagination';
import { type Router, idParam } from '../../../platform/http/router';
import { GoalMessage as Message } from './messages';
import { goalBody, goalQuery, goalSchema, goalUpdate } from './schemas';
import type { Goals } from './service';

const TRACKED =
  'The current value follows the records: WEIGHT_LOSS the latest weight (kg), MUSCLE_GAIN the latest muscle mass or else weight (kg), STRENGTH the heaviest lift since the start (kg), ENDURANCE workout minutes since the start (분), FLEXIBILITY stretching and yoga minutes (분), GENERAL_FITNESS workout days (일) — when the goal is in that unit.';

/** Document 000's goal routes: /api/goals and /api/goals/{id}/complete. */
export function goalsRoutes(router: Router, { goals }: { goals: Goals }): void {
  const tags = ['goals'];
  router.get('/api/goals', { summary: '목표 목록 (My goals)', tags, auth: true, query: goalQuery, response: paginated(goalSchema) }, async (req) =>
    goals.list(req.principal.userId, req.query),
  );
  router.get('/api/goals/:id', { summary: '목표 상세 (One goal)', tags, auth: true, params: idParam, response: goalSchema }, async (req) =>
    goals.get(req.principal.userId, req.params.id),
  );
  router.post(
    '/api/goals',
    {
      summary: '목표 생성 (Set a goal)',
      description: TRACKED,
      tags,
      auth: true,
      body: goalBody,
      response: goalSchema,
      status: 201,
      message: Message.GOAL_CREATED,
    },
    async (req) => goals.create(req.principal.userId, req.body),
  );
  router.put(
    '/api/goals/:id',
    {
      summary: '목표 수정 (Update a goal)',
      description:
        'Status moves: ACTIVE → PAUSED, COMPLETED or CANCELLED; PAUSED → ACTIVE, COMPLETED or CANCELLED. Completed and cancelled goals are final (409).',
      tags,
      auth: true,
      params: idParam,
      body: goalUpdate,
      response: goalSchema,
      message: Message.GOAL_UPDATED,
    },
    async (req) => goals.update(req.principal.userId, req.params.id, req.body),
  );
  router.delete(
    '/api/goals/:id',
    { summary: '목표 삭제 (Delete a goal)', tags, auth: true, params: idParam, response: z.null(), message: Message.GOAL_DELETED },
    async (req) => {
      await goals.delete(req.principal.userId, req.params.id);
      return null;
    },
  );
  router.post(
    '/api/goals/:id/complete',
    { summary: '목표 완료 처리 (Complete a goal)', tags, auth: true, params: idParam, response: goalSchema, message: Message.GOAL_COMPLETED },
    async (req) => goals.complete(req.principal.userId, req.params.id),
  );
}
