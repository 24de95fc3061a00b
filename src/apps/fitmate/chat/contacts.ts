import { and, eq, inArray, ne, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { type Db, qualified } from '../../../platform/db/database';
import type { Principal } from '../../../platform/http/router';
import { chatParticipants } from './tables';
import { trainerClients } from '../trainers/tables';
import { users } from '../users/tables';
import { isStaff } from './access';

const theirs = alias(chatParticipants, 'theirs');

/**
 * Everyone who shares a chat room with the user: the people who see whether they are online.
 */
export async function roomMates(db: Db, userId: number): Promise<number[]> {
  const rows = await db
    .selectDistinct({ userId: theirs.userId })
    .from(chatParticipants)
    .innerJoin(theirs, and(eq(theirs.roomId, chatParticipants.roomId), ne(theirs.userId, userId)))
    .where(eq(chatParticipants.userId, userId));
  return rows.map((r) => r.userId);
}

/**
 * Of these users, those the caller may open a chat with or bring into a room. FitMate has no
 * friend list (neither document gives one), so a chat starts only between people who already know
 * each other in the app: a trainer and their client, or people who share a room (a group, a
 * support conversation); staff (ADMIN) may reach any active user. Anyone else, and ids that name
 * nobody, are left out alike, so a room cannot be used to find out who has an account or their name.
 */
export async function reachableOf(db: Db, principal: Principal, ids: number[]): Promise<Set<number>> {
  const wanted = [...new Set(ids)].filter((id) => id !== principal.userId);
  if (!wanted.length) return new Set();
  const me = principal.userId;
  const them = qualified(users.id);
  const known = isStaff(principal)
    ? undefined
    : or(
        sql`exists (select 1 from ${trainerClients} tc where (tc.trainer_id = ${me} and tc.client_id = ${them}) or (tc.client_id = ${me} and tc.trainer_id = ${them}))`,
        sql`exists (select 1 from ${chatParticipants} mine join ${chatParticipants} other on other.room_id = mine.room_id where mine.user_id = ${me} and other.user_id = ${them})`,
      );
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.id, wanted), eq(users.isActive, true), known));
  return new Set(rows.map((r) => r.id));
}
