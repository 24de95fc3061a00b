import { z } from 'zod';
import { type Router } from '../../../platform/http/router';
import { TrainerMessage as Message } from './messages';
import type { Trainers } from './service';

const pathParams = z.object({ userId: z.coerce.number().int().positive() });

/** Trainers and their clients: admins assign, trainers list theirs. */
export function trainersRoutes(router: Router, { trainers }: { trainers: Trainers }): void {
  const tags = ['trainers'];
  const client = z.object({ id: z.number(), name: z.string(), email: z.string(), since: z.date() });

  router.put(
    '/api/users/:userId/trainer',
    {
      summary: '트레이너 배정 (Assign a trainer; ADMIN)',
      tags,
      auth: ['ADMIN'],
      params: pathParams,
      body: z.strictObject({ trainerId: z.number().int().positive() }),
      response: z.null(),
      message: Message.TRAINER_ASSIGNED,
    },
    async (req) => {
      await trainers.assign(req.params.userId, req.body.trainerId);
      return null;
    },
  );
  router.delete(
    '/api/users/:userId/trainer/:trainerId',
    {
      summary: '트레이너 배정 해제 (Unassign; ADMIN)',
      tags,
      auth: ['ADMIN'],
      params: pathParams.extend({ trainerId: z.coerce.number().int().positive() }),
      response: z.null(),
      message: Message.TRAINER_REMOVED,
    },
    async (req) => {
      await trainers.unassign(req.params.userId, req.params.trainerId);
      return null;
    },
  );
  router.get('/api/trainer/clients', { summary: '내 회원 목록 (My clients; TRAINER)', tags, auth: ['TRAINER'], response: z.array(client) }, async (req) =>
    trainers.clients(req.principal.userId),
  );
}
