import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../../platform/db/database';
import { fieldError, notFound } from '../../../platform/http/errors';
import { defineMessages } from '../../../platform/http/i18n';
import type { Principal } from '../../../platform/http/router';
import type { FitmateContext } from '../module';
import { trainerClients } from './tables';
import { userRoles, users } from '../users/tables';

const Message = defineMessages({
  NOT_A_TRAINER: { ko: '트레이너 권한이 있는 사용자가 아닙니다.', en: 'That user is not a trainer.' },
  TRAINER_ASSIGNED: { ko: '트레이너가 배정되었습니다.', en: 'Trainer assigned.' },
  TRAINER_REMOVED: { ko: '트레이너 배정이 해제되었습니다.', en: 'Trainer unassigned.' },
});

/** Whether the caller may see this user's records: the user, an ADMIN, or a trainer of the user. */
export async function maySee(db: Db, principal: Principal, userId: number): Promise<boolean> {
  if (principal.userId === userId || principal.roles.includes('ADMIN')) return true;
  if (!principal.roles.includes('TRAINER')) return false;
  const [link] = await db
    .select({ trainerId: trainerClients.trainerId })
    .from(trainerClients)
    .where(and(eq(trainerClients.trainerId, principal.userId), eq(trainerClients.clientId, userId)));
  return Boolean(link);
}

const pathParams = z.object({ userId: z.coerce.number().int().positive() });

/** Trainers and their clients: admins assign, trainers list theirs. */
export function registerTrainers({ core, db }: FitmateContext): void {
  const { router } = core;
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
      const [user] = await db.select({ id: users.id }).from(users).where(eq(users.id, req.params.userId));
      if (!user) throw notFound();
      const [trainer] = await db
        .select({ id: userRoles.userId })
        .from(userRoles)
        .where(and(eq(userRoles.userId, req.body.trainerId), eq(userRoles.role, 'TRAINER')));
      if (!trainer) throw fieldError('trainerId', Message.NOT_A_TRAINER);
      await db.insert(trainerClients).values({ trainerId: req.body.trainerId, clientId: req.params.userId }).onConflictDoNothing();
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
      const removed = await db
        .delete(trainerClients)
        .where(and(eq(trainerClients.trainerId, req.params.trainerId), eq(trainerClients.clientId, req.params.userId)))
        .returning({ clientId: trainerClients.clientId });
      if (!removed.length) throw notFound();
      return null;
    },
  );
  router.get('/api/trainer/clients', { summary: '내 회원 목록 (My clients; TRAINER)', tags, auth: ['TRAINER'], response: z.array(client) }, async (req) =>
    db
      .select({ id: users.id, name: users.name, email: users.email, since: trainerClients.createdAt })
      .from(trainerClients)
      .innerJoin(users, eq(users.id, trainerClients.clientId))
      .where(eq(trainerClients.trainerId, req.principal.userId))
      .orderBy(asc(users.name)),
  );
}
