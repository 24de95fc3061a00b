import { type SQL, type SQLWrapper, and, eq, inArray, isNull, lt, notExists, notInArray, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Db } from '../../../platform/db/database';
import type { Storage } from '../../../platform/storage';
import { cameras } from '../cameras/tables';
import { events } from '../events/tables';
import { SETTINGS_DEFAULTS } from '../settings/service';
import { userSettings } from '../settings/tables';
import type { MimoJob } from '../types';
import { mediaUploads, recordings } from './tables';

export const RETENTION_JOB = 'mimo.recording-retention';
/** An upload never completed is kept a day past its URL's expiry, then it and any file go. */
export const STALE_UPLOAD_GRACE_MS = 86_400_000;
const BATCH = 500;

export interface RetentionReport {
  uploads: number;
  /** Rows of completed uploads (their files belong to recordings now, and stay). */
  completedUploads: number;
  recordings: number;
  events: number;
  /** Stored files that could not be removed; their rows stay for the next night. */
  failedFiles: number;
}

/** `column` is older than the owner's storage_days (settings, or the default) before `now`. */
const olderThanStorageDays = (column: SQLWrapper, now: Date) =>
  sql`${column} < ${now.toISOString()}::timestamptz - make_interval(days => coalesce(${userSettings.storageDays}, ${SETTINGS_DEFAULTS.storageDays}))`;

/**
 * The nightly retention of document 003's storage_days:
 * - recordings stored longer ago than their owner's storage_days go with their files, unless
 *   their event is pinned (pinned events and all their recordings are kept);
 * - events that started longer ago than that go too, if not pinned and left without recordings
 *   or pending uploads (an event is only worth keeping for what it shows);
 * - uploads never completed go a day after their URL expired, with any file that reached storage;
 *   the rows of completed ones go a day after completion (the file is the recording's by then).
 * Files are removed before their rows, so a file that cannot be removed keeps its row and is
 * tried again the next night: no row ever points at a missing file.
 */
export class Retention {
  constructor(private readonly o: { db: Db; storage: Storage; logger: Logger }) {}

  async run(now = new Date()): Promise<RetentionReport> {
    const report: RetentionReport = { uploads: 0, completedUploads: 0, recordings: 0, events: 0, failedFiles: 0 };
    await this.sweep(
      report,
      'uploads',
      (skip) =>
        this.o.db
          .select({ id: mediaUploads.id, key: mediaUploads.key })
          .from(mediaUploads)
          .where(and(isNull(mediaUploads.completedAt), lt(mediaUploads.expiresAt, new Date(now.getTime() - STALE_UPLOAD_GRACE_MS)), skip(mediaUploads.id)))
          .limit(BATCH),
      (ids) => this.o.db.delete(mediaUploads).where(inArray(mediaUploads.id, ids)),
    );
    await this.sweep(
      report,
      'recordings',
      (skip) =>
        this.o.db
          .select({ id: recordings.id, key: recordings.s3Key })
          .from(recordings)
          .innerJoin(events, eq(events.id, recordings.eventId))
          .leftJoin(userSettings, eq(userSettings.userId, recordings.userId))
          .where(and(eq(events.isPinned, false), olderThanStorageDays(recordings.createdAt, now), skip(recordings.id)))
          .limit(BATCH),
      (ids) => this.o.db.delete(recordings).where(inArray(recordings.id, ids)),
    );
    report.events = await this.deleteBareEvents(now);
    const done = await this.o.db
      .delete(mediaUploads)
      .where(lt(mediaUploads.completedAt, new Date(now.getTime() - STALE_UPLOAD_GRACE_MS)))
      .returning({ id: mediaUploads.id });
    report.completedUploads = done.length;
    return report;
  }

  /** Batches of rows with a file: files first, then the rows whose file is gone. */
  private async sweep(
    report: RetentionReport,
    kind: 'uploads' | 'recordings',
    batch: (skip: (column: SQLWrapper) => SQL | undefined) => Promise<Array<{ id: number; key: string }>>,
    remove: (ids: number[]) => Promise<unknown>,
  ): Promise<void> {
    const failed: number[] = [];
    for (;;) {
      const rows = await batch((column) => (failed.length ? notInArray(column, failed) : undefined));
      if (!rows.length) return;
      const results = await Promise.allSettled(rows.map((row) => this.o.storage.delete(row.key)));
      const removed = rows.filter((_, i) => results[i]!.status === 'fulfilled').map((row) => row.id);
      failed.push(...rows.filter((_, i) => results[i]!.status === 'rejected').map((row) => row.id));
      if (removed.length) await remove(removed);
      report[kind] += removed.length;
      report.failedFiles += rows.length - removed.length;
      if (rows.length < BATCH) return;
    }
  }

  private async deleteBareEvents(now: Date): Promise<number> {
    const { db } = this.o;
    let total = 0;
    for (;;) {
      const stale = db
        .select({ id: events.id })
        .from(events)
        .innerJoin(cameras, eq(cameras.id, events.cameraId))
        .leftJoin(userSettings, eq(userSettings.userId, cameras.userId))
        .where(
          and(
            eq(events.isPinned, false),
            olderThanStorageDays(events.startedAt, now),
            notExists(
              db
                .select({ one: sql`1` })
                .from(recordings)
                .where(eq(recordings.eventId, events.id)),
            ),
            notExists(
              db
                .select({ one: sql`1` })
                .from(mediaUploads)
                .where(eq(mediaUploads.eventId, events.id)),
            ),
          ),
        )
        .limit(BATCH * 10);
      const gone = await db.delete(events).where(inArray(events.id, stale)).returning({ id: events.id });
      total += gone.length;
      if (gone.length < BATCH * 10) return total;
    }
  }
}

/** Every night at 03:30 Seoul time (cron runs in Seoul), when cameras are quietest. */
export function retentionJob(retention: Retention, logger: Logger): MimoJob<typeof RETENTION_JOB> {
  return {
    description: '녹화 보관 기간 정리: storage_days가 지난 녹화와 파일, 녹화 없는 오래된 이벤트, 완료되지 않은 업로드 삭제 (고정 이벤트는 보존)',
    cron: '30 3 * * *',
    expireInSeconds: 3600,
    async handler() {
      const report = await retention.run();
      logger.info({ job: RETENTION_JOB, ...report }, 'recording retention done');
      return report;
    },
  };
}
