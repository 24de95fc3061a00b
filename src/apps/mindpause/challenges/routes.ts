import { z } from 'zod';
import { paginated } from '../../../platform/http/pagination';
import { type Router, idParam } from '../../../platform/http/router';
import { SEOUL } from '../../../platform/time';
import { challengeBody, challengeQuery, challengeSchema, challengeUpdate } from './schemas';
import { ChallengeMessage } from './messages';
import type { Challenges } from './service';

const RULES =
  'Status moves: active → paused, completed or abandoned; paused → active, completed or abandoned. Completed and abandoned challenges are final (409). ' +
  `\`checkIn: {note?}\` marks today (${SEOUL}) kept, once a day, on an active challenge that has started; the check-in that reaches targetDays completes it.`;

/** Document 002's Phase 4.3: /api/v1/challenges. */
export function challengesRoutes(router: Router, { challenges }: { challenges: Challenges }): void {
  const tags = ['challenges'];
  const summarySchema = challengeSchema.omit({ checkIns: true });
  router.get(
    '/api/v1/challenges',
    { summary: '챌린지 목록 (My challenges, newest first)', tags, auth: true, query: challengeQuery, response: paginated(summarySchema) },
    async (req) => challenges.list(req.principal.userId, req.query),
  );
  router.get(
    '/api/v1/challenges/:id',
    { summary: '챌린지 상세 (One challenge with its check-ins)', tags, auth: true, params: idParam, response: challengeSchema },
    async (req) => challenges.get(req.principal.userId, req.params.id),
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
      message: ChallengeMessage.CHALLENGE_CREATED,
    },
    async (req) => challenges.create(req.principal.userId, req.body),
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
      message: ChallengeMessage.CHALLENGE_UPDATED,
    },
    async (req) => challenges.update(req.principal.userId, req.params.id, req.body),
  );
  router.delete(
    '/api/v1/challenges/:id',
    { summary: '챌린지 삭제 (Delete a challenge)', tags, auth: true, params: idParam, response: z.null(), message: ChallengeMessage.CHALLENGE_DELETED },
    async (req) => {
      await challenges.delete(req.principal.userId, req.params.id);
      return null;
    },
  );
}
