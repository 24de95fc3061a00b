import { type SQL, and, count, desc, eq, gte, like, lt, sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { Db } from '../db/database';
import { type PageQuery, offsetOf, pageOf } from '../http/pagination';
import { currentRequest } from '../http/request-context';
import type { CleanupStep } from '../jobs/cleanup';
import { redact } from './redact';
import type { AuditLogTable } from './table';

export interface AuditEntry {
  /** What happened, as `area.verb`: `auth.login`, `user.suspended`, `camera.shared`, … */
  action: string;
  /** Who did it. By default the signed-in caller of the request being served; null for the system or a stranger. */
  actorId?: number | null;
  /** The session the actor acted in, when it is not the request's own (a sign-in starts one). */
  sessionId?: string;
  target?: { type: string; id: string | number };
  /** Whatever else explains the action; secret-looking keys are dropped before it is stored. */
  details?: Record<string, unknown>;
}

export interface AuditFilters {
  actorId?: number;
  /** An action, or every action of an area with `auth.*`. */
  action?: string;
  targetType?: string;
  targetId?: string;
  from?: Date;
  to?: Date;
}

/** The database lets the retention clean-up (and only it) remove entries when this is on in its transaction. */
const RETENTION_SETTING = 'madang.audit_retention';

/**
 * The app's append-only audit log. Entries take the request's actor, session, address, agent,
 * request id and route from the request being served, so callers say only what happened.
 */
export class AuditLog {
  constructor(
    private readonly db: Db,
    private readonly table: AuditLogTable,
    /** How long entries are kept (AUDIT_LOG_RETENTION). */
    private readonly retentionMs: number,
    private readonly logger: Logger,
  ) {}

  async record(entry: AuditEntry): Promise<void> {
    const context = currentRequest();
    const req = context?.req;
    const principal = req?.principal ?? null;
    const actorId = entry.actorId === undefined ? (principal?.userId ?? null) : entry.actorId;
    const sessionId = entry.sessionId ?? (principal && actorId === principal.userId ? principal.sessionId : null);
    await this.db.insert(this.table).values({
      actorId,
      sessionId,
      action: entry.action,
      targetType: entry.target?.type ?? null,
      targetId: entry.target ? String(entry.target.id).slice(0, 64) : null,
      ip: req?.ip?.slice(0, 64) ?? null,
      userAgent: req?.headers['user-agent']?.slice(0, 512) ?? null,
      requestId: req?.id ?? null,
      method: req?.method ?? null,
      route: req?.routeOptions.url?.slice(0, 200) ?? null,
      details: redact(entry.details ?? {}) as Record<string, unknown>,
    });
    if (context) context.audited = true;
  }

  /**
   * The entry of an admin's change made through a route that wrote none of its own: the route
   * and what was sent (secrets removed); the target is the first resource the path names
   * (`/admin/reports/:id` → report).
   */
  async adminRequest(req: FastifyRequest): Promise<void> {
    const params = (req.params ?? {}) as Record<string, unknown>;
    const first = /\/([^/:]+)\/:(\w+)/.exec(req.routeOptions.url ?? '');
    const target = first && params[first[2]!] !== undefined ? { type: singular(first[1]!), id: String(params[first[2]!]) } : undefined;
    await this.record({ action: 'admin.request', target, details: { params, query: req.query ?? {}, body: req.body ?? null } });
  }

  /** Entries newest first, filtered and paged, for admins. */
  async list(filters: AuditFilters & PageQuery) {
    const t = this.table;
    const conditions: Array<SQL | undefined> = [
      filters.actorId === undefined ? undefined : eq(t.actorId, filters.actorId),
      filters.action === undefined
        ? undefined
        : filters.action.endsWith('.*')
          ? like(t.action, `${filters.action.slice(0, -1).replace(/[\\%_]/g, '\\$&')}%`)
          : eq(t.action, filters.action),
      filters.targetType === undefined ? undefined : eq(t.targetType, filters.targetType),
      filters.targetId === undefined ? undefined : eq(t.targetId, filters.targetId),
      filters.from === undefined ? undefined : gte(t.occurredAt, filters.from),
      filters.to === undefined ? undefined : lt(t.occurredAt, filters.to),
    ];
    const where = and(...conditions);
    const [rows, [total]] = await Promise.all([
      this.db.select().from(t).where(where).orderBy(desc(t.occurredAt), desc(t.id)).limit(filters.limit).offset(offsetOf(filters)),
      this.db.select({ n: count() }).from(t).where(where),
    ]);
    return pageOf(rows, filters, total!.n);
  }

  /** The midnight clean-up's step: entries older than the retention period go, and only they. */
  cleanupStep(): CleanupStep {
    const t = this.table;
    return {
      name: 'auditLog',
      run: (now) =>
        this.db.transaction(async (tx) => {
          await tx.execute(sql`select set_config(${RETENTION_SETTING}, 'on', true)`);
          const removed = await tx
            .delete(t)
            .where(lt(t.occurredAt, new Date(now.getTime() - this.retentionMs)))
            .returning({ id: t.id });
          if (removed.length) this.logger.info({ removed: removed.length }, 'audit log entries past retention removed');
          return removed.length;
        }),
    };
  }
}

const singular = (word: string) => (word.endsWith('ies') ? `${word.slice(0, -3)}y` : word.replace(/s$/, '')).slice(0, 32);
