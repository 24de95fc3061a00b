import { and, arrayContains, count, desc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import type { OwnerCache } from '../../../platform/cache/owner-cache';
import type { Db } from '../../../platform/db/database';
import { notFound } from '../../../platform/http/errors';
import { type Page, offsetOf, pageOf } from '../../../platform/http/pagination';
import { type EmotionBody, type EmotionQuery, type EmotionRecord, type EmotionUpdate, endOf, startOf } from './schemas';
import { emotionLogs } from './tables';
import { type EmotionCode, emotionLabel } from './vocabulary';

type Row = typeof emotionLogs.$inferSelect;

/**
 * Mood records. Every read and write is scoped to the owner: another user's record is "not
 * found", never shown or changed. Pages are served from the user's read cache, which every
 * write forgets (the statistics share it).
 */
export class Emotions {
  /** Recording a mood is the hot write: prepared once, so Drizzle does not rebuild it per request. */
  private readonly insert;

  constructor(
    private readonly db: Db,
    private readonly reads: OwnerCache,
  ) {
    const value = (name: string) => sql.placeholder(name);
    this.insert = db
      .insert(emotionLogs)
      .values({
        userId: value('userId'),
        emotion: value('emotion'),
        intensity: value('intensity'),
        note: value('note'),
        tags: value('tags'),
        activities: value('activities'),
        feltAt: value('feltAt'),
      })
      .returning()
      .prepare('mindpause_emotion_insert');
  }

  list(userId: number, query: EmotionQuery): Promise<Page<EmotionRecord>> {
    return this.reads.read(userId, `list:${JSON.stringify(query)}`, () => this.page(userId, query));
  }

  /**
   * One page, newest felt first, and the total apart: the page walks the (user, felt_at) index
   * and stops at the limit, where a window count would read every record the user has.
   */
  private async page(userId: number, query: EmotionQuery): Promise<Page<EmotionRecord>> {
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
    const [row] = await this.insert.execute({ ...body, note: body.note ?? null, userId, feltAt: body.feltAt ?? new Date() });
    await this.reads.forget(userId);
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
    await this.reads.forget(userId);
    return toRecord(row);
  }

  async delete(userId: number, id: number): Promise<void> {
    const removed = await this.db
      .delete(emotionLogs)
      .where(and(eq(emotionLogs.id, id), eq(emotionLogs.userId, userId)))
      .returning({ id: emotionLogs.id });
    if (!removed.length) throw notFound();
    await this.reads.forget(userId);
  }
}

/** A record as answered and cached: instants as ISO strings, so a cached page reads back the same. */
function toRecord({ userId: _owner, feltAt, createdAt, updatedAt, ...rest }: Row): EmotionRecord {
  const emotion = rest.emotion as EmotionCode;
  return {
    ...rest,
    emotion,
    emotionLabel: emotionLabel(emotion),
    feltAt: feltAt.toISOString(),
    createdAt: createdAt.toISOString(),
    updatedAt: updatedAt.toISOString(),
  };
}
