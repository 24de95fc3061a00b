import { z } from 'zod';
import { unauthorized } from '../../../platform/http/errors';
import { defineMessages } from '../feature';
import { paginated } from '../../../platform/http/pagination';
import { type Router, idParam } from '../../../platform/http/router';
import type { ExerciseCatalog } from './catalog';
import {
  categorySchema,
  exerciseBody,
  exerciseSchema,
  exerciseSummarySchema,
  exerciseUpdate,
  listQuery,
  muscleSchema,
  popularItemSchema,
  searchQuery,
} from './schemas';

const Message = defineMessages({
  EXERCISE_CREATED: { ko: '운동이 등록되었습니다.', en: 'Exercise created.' },
  EXERCISE_UPDATED: { ko: '운동이 수정되었습니다.', en: 'Exercise updated.' },
  EXERCISE_RETIRED: { ko: '운동이 목록에서 내려졌습니다.', en: 'Exercise retired.' },
});

/** Who may edit the catalog. */
const EDITORS = ['ADMIN', 'TRAINER'] as const;

/** Document 000's exercise routes. Reading the catalog needs no account. */
export function exercisesRoutes(router: Router, { catalog }: { catalog: ExerciseCatalog }): void {
  const tags = ['exercises'];

  router.get(
    '/api/exercises',
    { summary: '운동 목록 (Browse the catalog)', tags, auth: 'optional', query: listQuery, response: paginated(exerciseSummarySchema) },
    async (req) => {
      if (!req.query.myEquipment) return catalog.list(req.query);
      if (!req.principal) throw unauthorized();
      return catalog.list(req.query, await catalog.equipmentOf(req.principal.userId));
    },
  );
  router.get('/api/exercises/categories', { summary: '운동 카테고리 (Categories)', tags, response: z.array(categorySchema) }, async () => catalog.categories());
  router.get('/api/exercises/muscles', { summary: '근육 그룹 (Muscle groups)', tags, response: z.array(muscleSchema) }, async () => catalog.muscles());
  router.get(
    '/api/exercises/popular',
    {
      summary: '이번 주 인기 운동 (This week’s ranking)',
      tags,
      query: z.object({ limit: z.coerce.number().int().min(1).max(50).default(10) }),
      response: z.array(popularItemSchema),
    },
    async (req) => catalog.popular(req.query.limit),
  );
  router.get(
    '/api/exercises/search',
    {
      summary: '운동 검색 (Search, Korean or English)',
      description: 'Partial words, typos and initial consonants (ㅅㅋㅌ) are forgiven.',
      tags,
      query: searchQuery,
      response: paginated(exerciseSummarySchema),
    },
    async (req) => catalog.search(req.query),
  );
  router.get(
    '/api/exercises/:id',
    { summary: '운동 상세 (One exercise; counts a view)', tags, auth: 'optional', params: idParam, response: exerciseSchema },
    async (req) => catalog.get(req.params.id, { countView: true, includeRetired: EDITORS.some((role) => req.principal?.roles.includes(role)) }),
  );
  router.post(
    '/api/exercises',
    {
      summary: '운동 등록 (Add an exercise)',
      tags,
      auth: EDITORS,
      body: exerciseBody,
      response: exerciseSchema,
      status: 201,
      message: Message.EXERCISE_CREATED,
    },
    async (req) => catalog.create(req.body),
  );
  router.put(
    '/api/exercises/:id',
    {
      summary: '운동 수정 (Edit an exercise)',
      tags,
      auth: EDITORS,
      params: idParam,
      body: exerciseUpdate,
      response: exerciseSchema,
      message: Message.EXERCISE_UPDATED,
    },
    async (req) => catalog.update(req.params.id, req.body),
  );
  router.delete(
    '/api/exercises/:id',
    { summary: '운동 내리기 (Retire an exercise)', tags, auth: EDITORS, params: idParam, response: z.null(), message: Message.EXERCISE_RETIRED },
    async (req) => {
      await catalog.retire(req.params.id);
      return null;
    },
  );
}
