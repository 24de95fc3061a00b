import { type SQL, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../../platform/db/database';
import { userRoom } from '../../../platform/realtime/gateway';
import { LiveEvent, cameraRoom } from '../live/rooms';
import { type CAMERA_STATUSES, cameraStatusLog, cameras } from './tables';
import type { MimoGateway } from '../live/events';

export type CameraStatusName = (typeof CAMERA_STATUSES)[number];

/** What LiveEvent.CAMERA_STATUS carries. */
export interface CameraStatusPayload {
  cameraId: number;
  status: CameraStatusName;
  lastSeen: string | null;
}

/** One camera's state after a status write, and whether the write changed its status. */
export interface StatusChange {
  cameraId: number;
  ownerId: number;
  name: string;
  status: CameraStatusName;
  lastSeen: Date | null;
  lastHeartbeat: Date | null;
  changed: boolean;
}

interface ChangeRow {
  id: number | string;
  user_id: number | string;
  name: string;
  status: CameraStatusName;
  last_seen: Date | string | null;
  last_heartbeat: Date | string | null;
  changed: boolean;
}

const toDate = (value: Date | string | null) => (value === null ? null : new Date(value));

export const toStatusChange = (row: ChangeRow): StatusChange => ({
  cameraId: Number(row.id),
  ownerId: Number(row.user_id),
  name: row.name,
  status: row.status,
  lastSeen: toDate(row.last_seen),
  lastHeartbeat: toDate(row.last_heartbeat),
  changed: row.changed,
});

/** Options of a beat: who may beat (the owner's id when a user token beats) and what the camera reports. */
export interface BeatOptions {
  /** Only this owner's camera matches (a beat by user token). */
  ownerId?: number;
  /**
   * Only a camera holding this credential hash matches (a beat by the camera itself), so the
   * check and the beat are one statement. Comparing hashes in SQL leaks at most a prefix of a
   * SHA-256, which does not help anyone find a 256-bit secret.
   */
  secretHash?: string;
  firmware?: string;
}

/**
 * A camera's online/offline state. Every write is one statement that also records the change in
 * camera_status_log (uptime is read from there), and CAMERA_STATUS goes out to the camera's room
 * and its owner's sockets only when the status really changed, so 10,000 cameras beating every
 * 30 s stay silent.
 */
export class CameraStatus {
  constructor(
    private readonly db: Db,
    private readonly gateway: MimoGateway,
  ) {}

  /** Online now: last heartbeat and last seen set to now. */
  async markOnline(cameraId: number): Promise<StatusChange | undefined> {
    return this.beat(cameraId);
  }

  /**
   * A heartbeat: online, last heartbeat and last seen now, firmware if reported. The row is
   * locked before it is read, so two beats racing out of offline announce "online" once.
   */
  async beat(cameraId: number, options: BeatOptions = {}): Promise<StatusChange | undefined> {
    const owner = options.ownerId === undefined ? sql`` : sql` and user_id = ${options.ownerId}`;
    const device = options.secretHash === undefined ? sql`` : sql` and device_secret_hash = ${options.secretHash}`;
    const firmware = options.firmware === undefined ? sql`` : sql`, firmware = ${options.firmware}`;
    const change = await this.write(
      'online',
      sql`with prev as (select id, status from ${cameras} where id = ${cameraId}${owner}${device} for update),
      updated as (
        update ${cameras} c set status = 'online', last_heartbeat = now(), last_seen = now()${firmware}
        from prev where c.id = prev.id
        returning c.id, c.user_id, c.name, c.status, c.last_seen, c.last_heartbeat, prev.status <> 'online' as changed
      )`,
    );
    return change[0];
  }

  /** Offline now (its device socket went away, or it stopped beating). */
  async markOffline(cameraId: number): Promise<StatusChange | undefined> {
    const [change] = await this.write(
      'offline',
      sql`with updated as (
        update ${cameras} set status = 'offline' where id = ${cameraId} and status <> 'offline'
        returning id, user_id, name, status, last_seen, last_heartbeat, true as changed
      )`,
    );
    return change;
  }

  /**
   * Every online camera whose last heartbeat is older than `staleAfterSec`, offline in one
   * set-based statement. A beat that commits first keeps its camera out: the update re-checks
   * the row it waited for.
   */
  /** Whether a sweep would find anything: one cheap read, so an idle minute sends no job. */
  async anyStale(staleAfterSec: number): Promise<boolean> {
    const [row] = await queryRows<{ stale: boolean }>(
      this.db,
      sql`select exists (select 1 from ${cameras} where status = 'online' and last_heartbeat < now() - make_interval(secs => ${staleAfterSec})) as stale`,
    );
    return Boolean(row?.stale);
  }

  async sweep(staleAfterSec: number): Promise<StatusChange[]> {
    return this.write(
      'offline',
      sql`with updated as (
        update ${cameras} set status = 'offline'
        where status = 'online' and last_heartbeat < now() - make_interval(secs => ${staleAfterSec})
        returning id, user_id, name, status, last_seen, last_heartbeat, true as changed
      )`,
    );
  }

  /** Tells the camera's room and its owner's sockets where the camera stands. */
  announce(change: StatusChange): void {
    const payload: CameraStatusPayload = { cameraId: change.cameraId, status: change.status, lastSeen: change.lastSeen?.toISOString() ?? null };
    this.gateway.io.to([cameraRoom(change.cameraId), userRoom(change.ownerId)]).emit(LiveEvent.CAMERA_STATUS, payload);
  }

  /** Runs an `updated` CTE, logs the rows whose status changed, announces them. */
  private async write(status: CameraStatusName, updated: SQL): Promise<StatusChange[]> {
    const rows = await queryRows<ChangeRow>(
      this.db,
      sql`${updated},
      logged as (insert into ${cameraStatusLog} (camera_id, status) select id, ${status}::mimo.camera_status from updated where changed)
      select * from updated`,
    );
    const changes = rows.map(toStatusChange);
    for (const change of changes) if (change.changed) this.announce(change);
    return changes;
  }
}
