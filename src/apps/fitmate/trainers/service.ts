import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database';
import { fieldError, notFound } from '../../../platform/http/errors';
import type { Principal } from '../../../platform/http/router';
import { userRoles, users } from '../users/tables';
import { TrainerMessage } from './messages';
import { trainerClients } from './tables';

/** Trainers and their clients: who may see whose records, and the assignments admins make. */
export class Trainers {
  constructor(private readonly db: Db) {}

  /** Whether the caller may see this user's records: the user, an ADMIN, or a trainer of the user. */
  async maySee(principal: Principal, userId: number): Promise<boolean> {
    if (principal.userId === userId || principal.roles.includes('ADMIN')) return true;
    if (!principal.roles.includes('TRAINER')) return false;
    const [link] = await this.db
      .select({ trainerId: trainerClients.trainerId })
      .from(trainerClients)
      .where(and(eq(trainerClients.trainerId, principal.userId), eq(trainerClients.clientId, userId)));
    return Boolean(link);
  }

  async assign(clientId: number, trainerId: number): Promise<void> {
    const [user] = await this.db.select({ id: users.id }).from(users).where(eq(users.id, clientId));
    if (!user) throw notFound();
    const [trainer] = await this.db
      .select({ id: userRoles.userId })
      .from(userRoles)
      .where(and(eq(userRoles.userId, trainerId), eq(userRoles.role, 'TRAINER')));
    if (!trainer) throw fieldError('trainerId', TrainerMessage.NOT_A_TRAINER);
    await this.db.insert(trainerClients).values({ trainerId, clientId }).onConflictDoNothing();
  }

  async unassign(clientId: number, trainerId: number): Promise<void> {
    const removed = await this.db
      .delete(trainerClients)
      .where(and(eq(trainerClients.trainerId, trainerId), eq(trainerClients.clientId, clientId)))
      .returning({ clientId: trainerClients.clientId });
    if (!removed.length) throw notFound();
  }

  clients(trainerId: number) {
    return this.db
      .select({ id: users.id, name: users.name, email: users.email, since: trainerClients.createdAt })
      .from(trainerClients)
      .innerJoin(users, eq(users.id, trainerClients.clientId))
      .where(eq(trainerClients.trainerId, trainerId))
      .orderBy(asc(users.name));
  }
}
