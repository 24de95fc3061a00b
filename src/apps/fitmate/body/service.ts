import { and, desc, eq, gte, lte, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../../../platform/db/database';
import { badRequest, forbidden, notFound } from '../../../platform/http/errors';
import { offsetOf, pageOf } from '../../../platform/http/pagination';
import type { Principal } from '../../../platform/http/router';
import type { Trainers } from '../trainers/service';
import { users } from '../users/tables';
import type { RecordChanges } from '../workouts/record-changes';
import { BodyMessage as Message } from './messages';
import type { bodyRecordBody, bodyRecordUpdate, listQuery } from './schemas';
import { bodyRecords } from './tables';

/** weight / height², to two decimals; none without both, or when the pair is not a human one. */
export function bmiOf(weightKg: number | null | undefined, heightCm: number | null | undefined): number | null {
  if (!weightKg || !heightCm) return null;
  const bmi = Math.round((weightKg / (heightCm / 100) ** 2) * 100) / 100;
  return bmi < 100 ? bmi : null;
}

/**
 * Body records, under the user they belong to. The user, an ADMIN or the user's TRAINER may
 * read them; the user or an ADMIN may write; anyone else gets 403.
 */
export class BodyRecords {
  constructor(
    private readonly db: Db,
    private readonly records: RecordChanges,
    private readonly trainers: Pick<Trainers, 'maySee'>,
  ) {}

  async check(principal: Principal, userId: number, write: boolean) {
    const allowed = write ? principal.userId === userId || principal.roles.includes('ADMIN') : await this.trainers.maySee(principal, userId);
    if (!allowed) throw forbidden();
  }

  async list(userId: number, query: z.output<typeof listQuery>) {
    if (query.from && query.to && query.from > query.to) throw badRequest(Message.BAD_BODY_RANGE);
    const rows = await this.db
      .select({ record: bodyRecords, total: sql<number>`count(*) over ()`.mapWith(Number) })
      .from(bodyRecords)
      .where(
        and(
          eq(bodyRecords.userId, userId),
          query.from ? gte(bodyRecords.measurementDate, query.from) : undefined,
          query.to ? lte(bodyRecords.measurementDate, query.to) : undefined,
        ),
      )
      .orderBy(desc(bodyRecords.measurementDate), sql`${bodyRecords.measurementTime} desc nulls last`, desc(bodyRecords.id))
      .limit(query.limit)
      .offset(offsetOf(query));
    return pageOf(
      rows.map((r) => r.record),
      query,
      rows[0]?.total ?? 0,
    );
  }

  async create(userId: number, body: z.output<typeof bodyRecordBody>) {
    const height = await this.height(userId);
    const [row] = await this.db
      .insert(bodyRecords)
      .values({ ...body, userId, bmi: body.bmi ?? bmiOf(body.weightKg, height) })
      .returning();
    await this.records.changed(userId);
    return row!;
  }

  async update(userId: number, id: number, patch: z.output<typeof bodyRecordUpdate>) {
    const [current] = await this.db
      .select()
      .from(bodyRecords)
      .where(and(eq(bodyRecords.id, id), eq(bodyRecords.userId, userId)));
    if (!current) throw notFound();
    const weight = patch.weightKg === undefined ? current.weightKg : patch.weightKg;
    // A BMI given is kept as measured; a new weight without one, or null, works it out again.
    const bmi = patch.bmi ?? (patch.bmi === null || patch.weightKg !== undefined ? bmiOf(weight, await this.height(userId)) : current.bmi);
    const [row] = await this.db
      .update(bodyRecords)
      .set({ ...patch, bmi })
      .where(eq(bodyRecords.id, id))
      .returning();
    await this.records.changed(userId);
    return row!;
  }

  async delete(userId: number, id: number) {
    const removed = await this.db
      .delete(bodyRecords)
      .where(and(eq(bodyRecords.id, id), eq(bodyRecords.userId, userId)))
      .returning({ id: bodyRecords.id });
    if (!removed.length) throw notFound();
    await this.records.changed(userId);
  }

  private async height(userId: number) {
    const [user] = await this.db.select({ height: users.height }).from(users).where(eq(users.id, userId));
    return user?.height ?? null;
  }
}
