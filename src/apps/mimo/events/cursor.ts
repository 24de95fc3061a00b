import { type SQL, sql } from 'drizzle-orm';
import { fieldError } from '../../../platform/http/errors';
import { EventMessage } from './messages';
import { events } from './tables';

/**
 * Keyset paging over (started_at desc, id desc), the order of idx_events_camera_started: a page
 * starts where the last one ended, so page 5,000 costs what page 1 does, and nothing counts the
 * camera's 100,000 events. The cursor is the last row's start in microseconds (timestamptz's own
 * precision, so no row is skipped or repeated) and its id.
 */
export interface EventCursor {
  micros: bigint;
  id: number;
}

const CURSOR = /^(-?\d{1,17})\.(\d{1,16})$/;

export const encodeCursor = (micros: string, id: number) => `${micros}.${id}`;

export function decodeCursor(text: string): EventCursor {
  const match = CURSOR.exec(text);
  const id = match ? Number(match[2]) : NaN;
  if (!match || !Number.isSafeInteger(id) || id < 1) {
    throw fieldError('cursor', EventMessage.CURSOR_INVALID);
  }
  return { micros: BigInt(match[1]!), id };
}

/** The start of a row as the cursor's microseconds, exactly. */
export const startedMicros = sql<string>`(extract(epoch from ${events.startedAt}) * 1000000)::bigint::text`;

/**
 * Rows after the cursor in the list's order. Written as `started_at <= t and (started_at < t or id < n)`
 * so the planner bounds the index scan by the first part.
 */
export function afterCursor(cursor: EventCursor): SQL {
  const at = sql`(timestamptz 'epoch' + ${cursor.micros.toString()}::bigint * interval '1 microsecond')`;
  return sql`${events.startedAt} <= ${at} and (${events.startedAt} < ${at} or ${events.id} < ${cursor.id})`;
}
