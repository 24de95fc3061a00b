import { and, arrayContains, count, desc, eq, gte, inArray, lte } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database';
import { notFound } from '../../../platform/http/errors';
import { offsetOf, pageOf } from '../../../platform/http/pagination';
import { type EmotionBody, type EmotionQuery, type EmotionRecord, type EmotionUpdate, endOf, startOf } from './schemas';
import { emotionLogs } from './tables';
import { type EmotionCode, emotionLabel } from './vocabulary';

type Row = typeof emotionLogs.$inferSelect;

/**
 * Mood records. Every read and write is scoped to the owner: another user's record is "not
 * found", never shown or changed. `changed` runs after every write (statistics forget theirs).
 */
export class Emotions {
  constructor(
    private readonly db: Db,
    private readonly changed: (userId: number) => Promise<void>,
  ) {}

  /**
   * One page, newest felt first, and the total apart: the page walks the (user, felt_at) index
   * and stops at the limit, where a window count would read every record the user has.
   */
  async list(userId: number, query: EmotionQuery) {
    const where = and(
      eq(emotionLogs.userId, userId),
      query.from ? gte(emotionLogs.feltAt, startOf(query.from)) : undefined,
      query.to ? lte(emotionLogs.feltAt, endOf(query.to)) : undefined,
      query.emotion?.length ? inArray(emotionLogs.emotion, query.emotion) : undefined,
      query.tag ? arrayContains(emotionLogs.tags, [query.tag]) : undefined,
      query.activity ? arrayContains(emotionLogs.activities, [query.activity]) : undefined,
    );
    const [rows, [counted]] = await Promise.all([
      this.db.select().from(emotionLogs).where(where).orderBy(desc(emotionLogs.feltAt), desc(emotionLogs.id)).limit(query.limit).offset(offsetOf(query)),
      this.db.select({ total: count() }).from(emotionLogs).where(where),
    ]);
    return pageOf(rows.map(toRecord), query, counted?.total ?? 0);
  }

  async get(userId: number, id: number): Promise<EmotionRecord> {
    const [row] = await this.db
      .select()
      .from(emotionLogs)
      .where(and(eq(emotionLogs.id, id), eq(emotionLogs.userId, userId)));
    if (!row) throw notFound();
    return toRecord(row);
  }

  async create(userId: number, body: EmotionBody): Promise<EmotionRecord> {
    const [row] = await this.db
      .insert(emotionLogs)
      .values({ ...body, userId, feltAt: body.feltAt ?? new Date() })
      .returning();
    await this.changed(userId);
    return toRecord(row!);
  }

  async update(userId: number, id: number, patch: EmotionUpdate): Promise<EmotionRecord> {
    if (!Object.keys(patch).length) return this.get(userId, id);
    const [row] = await this.db
      .update(emotionLogs)
      .set(patch)
      .where(and(eq(emotionLogs.id, id), eq(emotionLogs.userId, userId)))
      .returning();
    if (!row) throw notFound();
    await this.changed(userId);
    return toRecord(row);
  }

  async delete(userId: number, id: number): Promise<void> {
    const removed = await this.db
      .delete(emotionLogs)
      .where(and(eq(emotionLogs.id, id), eq(emotionLogs.userId, userId)))
      .returning({ id: emotionLogs.id });
    if (!removed.length) throw notFound();
    await this.changed(userId);
  }
}

function toRecord(row: Row): EmotionRecord {
  const { userId: _owner, ...rest } = row;
  const emotion = row.emotion as EmotionCode;
  return { ...rest, emotion, emotionLabel: emotionLabel(emotion) };
}
