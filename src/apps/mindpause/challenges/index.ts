import { z } from 'zod';
import type { AppCore } from '../../../platform/app';
import type { Db } from '../../../platform/db/database';
import { defineMessages } from '../../../platform/http/i18n';
import { paginated } from '../../../platform/http/pagination';
import { idParam } from '../../../platform/http/router';
import { challengeBody, challengeQuery, challengeSchema, challengeUpdate } from './schemas';
import { Challenges } from './service';

const Message = defineMessages({
  CHALLENGE_CREATED: { ko: '챌린지가 시작되었습니다.', en: 'Challenge started.' },
  CHALLENGE_UPDATED: { ko: '챌린지가 업데이트되었습니다.', en: 'Challenge updated.' },
  CHALLENGE_DELETED: { ko: '챌린지가 삭제되었습니다.', en: 'Challenge deleted.' },
});

const RULES =
  'Status moves: active → paused, completed or abandoned; paused → active, completed or abandoned. Completed and abandoned challenges are final (409). ' +
  '`checkIn: {note?}` marks today (Asia/Seoul) kept, once a day, on an active challenge that has started; the check-in that reaches targetDays completes it.';

/** Document 002's Phase 4.3: /api/v1/challenges. */
export function registerChallenges({ router, notifications }: AppCore, db: Db): Challenges {
  const challengesService = new Challenges(db, notifications);
  const tags = ['challenges'];
  const summarySchema = challengeSchema.omit({ checkIns: true });
  router.get(
    '/api/v1/challenges',
    { summary: '챌린지 목록 (My challenges, newest first)', tags, auth: true, query: challengeQuery, response: paginated(summarySchema) },
    async (req) => challengesService.list(req.principal.userId, req.query),
  );
  router.get(
    '/api/v1/challenges/:id',
    { summary: '챌린지 상세 (One challenge with its check-ins)', tags, auth: true, params: idParam, response: challengeSchema },
    async (req) => challengesService.get(req.principal.userId, req.params.id),
  );
  router.post(
    '/api/v1/challenges',
    {
      summary: '챌린지 생성 (Start a challenge)',
      tags,
      auth: true,
      body: challengeBody,
      response: challengeSchema,
      status: 201,
      message: Message.CHALLENGE_CREATED,
    },
    async (req) => challengesService.create(req.principal.userId, req.body),
  );
  router.patch(
    '/api/v1/challenges/:id',
    {
      summary: '챌린지 상태 업데이트·체크인 (Change status, edit or check in)',
      description: RULES,
      tags,
      auth: true,
      params: idParam,
      body: challengeUpdate,
      response: challengeSchema,
      message: Message.CHALLENGE_UPDATED,
    },
    async (req) => challengesService.update(req.principal.userId, req.params.id, req.body),
  );
  router.delete(
    '/api/v1/challenges/:id',
    { summary: '챌린지 삭제 (Delete a challenge)', tags, auth: true, params: idParam, response: z.null(), message: Message.CHALLENGE_DELETED },
    async (req) => {
      await challengesService.delete(req.principal.userId, req.params.id);
      return null;
    },
  );
  return challengesService;
}
