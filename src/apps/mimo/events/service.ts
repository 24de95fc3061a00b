import { and, desc, eq, gte, isNull, lt, lte, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { RateLimit } from '../../../config';
import type { Cache } from '../../../platform/cache';
import type { Db } from '../../../platform/db/database';
import { fieldError, notFound } from '../../../platform/http/errors';
import { RateLimiter } from '../../../platform/http/rate-limit';
import type { Storage } from '../../../platform/storage';
import type { CameraAccess } from '../cameras/access';
import { cameras } from '../cameras/tables';
import { mediaUploads, recordings } from '../recordings/tables';
import { type Actor, requireRole, requireWriter } from './actor';
import { afterCursor, decodeCursor, encodeCursor, startedMicros } from './cursor';
import { EventMessage } from './messages';
import type { MotionAlerts } from './motion';
import type { EventBody, EventQuery, EventUpdate } from './schemas';
import { visibleCamera } from './scope';
import { events } from './tables';

export type EventRow = typeof events.$inferSelect;

/** Per camera: a detector gone wild cannot flood the table and everyone's inbox. */
export const EVENT_CREATE_LIMIT: RateLimit = { limit: 120, windowMs: 60_000, text: '120/minute' };

const secondsBetween = (from: Date, to: Date) => Math.round((to.getTime() - from.getTime()) / 1000);

/** Document 003's events: what a camera saw or heard. Viewers read them; owners (and the camera) change them. */
export class Events {
  private readonly limiter: RateLimiter;

  constructor(private readonly o: { db: Db; cache: Cache; access: CameraAccess; storage: Storage; motion: MotionAlerts; logger: Logger }) {
    this.limiter = new RateLimiter(o.cache, 'mimo-event-create', EVENT_CREATE_LIMIT);
  }

  /**
   * Newest first, by keyset (see cursor.ts): `limit` rows and whether there are more. With `page`
   * (the MIMO app's paging) the rows before it are skipped instead, which costs more on deep pages.
   */
  async list(userId: number, q: EventQuery) {
    const { db, access } = this.o;
    if (q.cameraId !== undefined) await access.requireAccess(userId, q.cameraId);
    const where = and(
      q.cameraId !== undefined ? eq(events.cameraId, q.cameraId) : visibleCamera(db, userId, events.cameraId),
      q.type && eq(events.type, q.type),
      q.from && gte(events.startedAt, q.from),
      q.to && lt(events.startedAt, q.to),
      q.minScore !== undefined ? gte(events.score, q.minScore) : undefined,
      q.maxScore !== undefined ? lte(events.score, q.maxScore) : undefined,
      q.pinned !== undefined ? eq(events.isPinned, q.pinned) : undefined,
      q.acknowledged !== undefined ? eq(events.acknowledged, q.acknowledged) : undefined,
      q.cursor ? afterCursor(decodeCursor(q.cursor)) : undefined,
    );
    // One row more than asked tells whether another page follows, without counting.
    const rows = await db
      .select({ event: events, micros: startedMicros })
      .from(events)
      .where(where)
      .orderBy(desc(events.startedAt), desc(events.id))
      .limit(q.limit + 1)
      .offset(q.page ? (q.page - 1) * q.limit : 0);
    const page = rows.slice(0, q.limit);
    const last = page.at(-1);
    const hasMore = rows.length > q.limit;
    return { items: page.map((r) => r.event), nextCursor: hasMore && last ? encodeCursor(last.micros, last.event.id) : null, hasMore };
  }

  async get(userId: number, id: number): Promise<EventRow> {
    const event = await this.find(id);
    await requireRole(this.o.access, { userId }, event.cameraId, 'read', EventMessage.EVENT_NOT_FOUND);
    return event;
  }

  /** From the camera's owner or the camera itself; motion tells the people who watch it. */
  async create(actor: Actor, body: EventBody): Promise<EventRow> {
    await requireWriter(this.o.access, actor, body.cameraId);
    await this.limiter.consume(String(body.cameraId));
    const duration = body.duration ?? (body.endedAt ? secondsBetween(body.startedAt, body.endedAt) : 0);
    const [row] = await this.o.db
      .insert(events)
      .values({
        cameraId: body.cameraId,
        type: body.type,
        startedAt: body.startedAt,
        endedAt: body.endedAt ?? null,
        duration,
        score: body.score ?? null,
        confidence: body.confidence ?? null,
        metadata: body.metadata,
        imageUrl: body.imageUrl ?? null,
      })
      .returning();
    if (row!.type === 'motion') await this.alert(row!);
    return row!;
  }

  async update(actor: Actor, id: number, patch: EventUpdate): Promise<EventRow> {
    const event = await this.writable(actor, id);
    const endedAt = patch.endedAt === undefined ? event.endedAt : patch.endedAt;
    if (endedAt && endedAt < event.startedAt) throw fieldError('endedAt', EventMessage.EVENT_ENDS_BEFORE_START);
    // A new end without a duration gives the duration it implies.
    const duration = patch.duration ?? (patch.endedAt ? secondsBetween(event.startedAt, patch.endedAt) : undefined);
    const [row] = await this.o.db
      .update(events)
      .set({ ...patch, ...(duration !== undefined && { duration }) })
      .where(eq(events.id, id))
      .returning();
    if (!row) throw notFound(EventMessage.EVENT_NOT_FOUND);
    return row;
  }

  /** Pins or unpins in one statement, so two taps at once cannot both read the old value. */
  async togglePin(userId: number, id: number): Promise<EventRow> {
    await this.writable({ userId }, id);
    const [row] = await this.o.db
      .update(events)
      .set({ isPinned: sql`not ${events.isPinned}` })
      .where(eq(events.id, id))
      .returning();
    if (!row) throw notFound(EventMessage.EVENT_NOT_FOUND);
    return row;
  }

  /** The event, its recordings (by cascade) and their stored files. */
  async delete(userId: number, id: number): Promise<void> {
    await this.writable({ userId }, id);
    const keys = await this.o.db.transaction(async (tx) => {
      const [stored, pending] = await Promise.all([
        tx.select({ key: recordings.s3Key }).from(recordings).where(eq(recordings.eventId, id)),
        tx
          .select({ key: mediaUploads.key })
          .from(mediaUploads)
          .where(and(eq(mediaUploads.eventId, id), isNull(mediaUploads.completedAt))),
      ]);
      await tx.delete(events).where(eq(events.id, id));
      return [...stored, ...pending].map((r) => r.key);
    });
    await this.removeObjects(keys);
  }

  /** The event, if the actor may change it: 404 without a role, 403 for a viewer. */
  async writable(actor: Actor, id: number): Promise<EventRow> {
    const event = await this.find(id);
    await requireRole(this.o.access, actor, event.cameraId, 'write', EventMessage.EVENT_NOT_FOUND);
    return event;
  }

  private async find(id: number): Promise<EventRow> {
    const [event] = await this.o.db.select().from(events).where(eq(events.id, id));
    if (!event) throw notFound(EventMessage.EVENT_NOT_FOUND);
    return event;
  }

  private async alert(event: EventRow): Promise<void> {
    const [camera] = await this.o.db
      .select({ id: cameras.id, name: cameras.name, userId: cameras.userId, settings: cameras.settings })
      .from(cameras)
      .where(eq(cameras.id, event.cameraId));
    if (!camera) return;
    try {
      await this.o.motion.onMotion(event, camera);
    } catch (err) {
      this.o.logger.error({ err, eventId: event.id }, 'motion alert failed');
    }
  }

  private async removeObjects(keys: string[]): Promise<void> {
    // The rows are gone; a file left behind costs space, not a failed request.
    const results = await Promise.allSettled(keys.map((key) => this.o.storage.delete(key)));
    const failed = results.filter((r) => r.status === 'rejected').length;
    if (failed) this.o.logger.warn({ failed }, 'stored recordings of a deleted event were not all removed');
  }
}
