import { and, eq, gt, isNotNull, isNull, lt, or } from 'drizzle-orm';
import type { Logger } from 'pino';
import { type Db, type Tx, isUniqueViolation } from '../../../platform/db/database';
import { AppError, conflict } from '../../../platform/http/errors';
import type { Notifier } from '../../../platform/notify/inbox/notifier';
import type { NotificationType } from '../types';
import type { CameraAccess, CameraRole } from '../cameras/access';
import type { CameraView } from '../cameras/schemas';
import { cameraView } from '../cameras/service';
import type { CameraStatusName } from '../cameras/status';
import { cameraViewers, cameras } from '../cameras/tables';
import { users } from '../users/tables';
import { PairingMessage, viewerJoinedNotice } from './messages';
import { renderQr } from './qr';
import type { PairingRenewal, RenewalReason } from './renewal';
import type { CodeLookup, GenerateBody } from './schemas';
import { type PairingSecrets, codeFromScan, codeOf, parseCode, qrPayloadOf } from './secrets';
import { connectionCodes } from './tables';

/** Kept this long after expiry so a late viewer hears "expired" rather than "not valid". */
const EXPIRED_KEPT_MS = 60 * 60_000;
const PIN_ATTEMPTS = 5;

type CodeRow = typeof connectionCodes.$inferSelect;

/** What a valid code opens: the camera and whose it is. */
export interface CodeInfo {
  camera: { id: number; name: string; location: string | null; status: CameraStatusName };
  owner: { name: string; nickname: string | null };
  expiresAt: Date;
  /** The caller's present role on the camera, if any. */
  role: CameraRole | null;
}

/** A code as its owner and camera see it (only they ever do): PIN, QR code and images. */
export interface IssuedCode {
  cameraId: number;
  pin: string;
  code: string;
  qrPayload: string;
  qr: { png: string; svg: string };
  expiresAt: Date;
  expiresInSec: number;
  autoRenew: boolean;
  /** Names the code to a later renewal; not shown. */
  issuedAt: Date;
}

export interface PairingDeps {
  db: Db;
  access: CameraAccess;
  secrets: PairingSecrets;
  notifications: Notifier<NotificationType>;
  renewal: Pick<PairingRenewal, 'schedule' | 'announce'>;
  logger: Logger;
}

/**
 * A camera's pairing code: a six-digit PIN and a QR code for the same row, one live code per
 * camera, single use. Looking a code up tells which camera it opens; establishing spends it
 * (one conditional update, so of many racing viewers one wins) and makes the caller a viewer.
 */
export class PairingCodes {
  constructor(private readonly deps: PairingDeps) {}

  /** A fresh code for the owner's camera; the camera's earlier code stops working. */
  async generate(userId: number, { cameraId, expiresInSec, autoRenew }: GenerateBody): Promise<IssuedCode> {
    await this.deps.access.requireOwnerToChange(userId, cameraId);
    const issued = (await this.issue({ cameraId, createdBy: userId, expiresInSec, autoRenew }))!;
    await this.deps.renewal.schedule(issued);
    return issued;
  }

  /**
   * Renews the camera's code issued at `issuedAt`, when it asked for that, is still the camera's
   * (neither generated again nor renewed meanwhile) and its camera is online: a new PIN and QR
   * code for as long as the first, the old ones dead. The camera and its owner are told.
   */
  async renew(cameraId: number, issuedAt: Date, reason: RenewalReason): Promise<IssuedCode | undefined> {
    const [row] = await this.deps.db
      .select({ code: connectionCodes, cameraStatus: cameras.status, ownerId: cameras.userId })
      .from(connectionCodes)
      .innerJoin(cameras, eq(cameras.id, connectionCodes.cameraId))
      .where(eq(connectionCodes.cameraId, cameraId));
    if (!row?.code.autoRenew || row.code.createdAt.getTime() !== issuedAt.getTime() || row.cameraStatus !== 'online') return undefined;
    const expiresInSec = Math.round((row.code.expiresAt.getTime() - issuedAt.getTime()) / 1000);
    const issued = await this.issue({ cameraId, createdBy: row.code.createdBy, expiresInSec, autoRenew: true, replacing: issuedAt });
    if (!issued) return undefined;
    await this.deps.renewal.schedule(issued);
    this.deps.renewal.announce(row.ownerId, issued, reason);
    return issued;
  }

  /** Writes a camera's code in place of the one it had (only in place of `replacing` when given); undefined when that one was already replaced. */
  private async issue(options: {
    cameraId: number;
    createdBy: number;
    expiresInSec: number;
    autoRenew: boolean;
    replacing?: Date;
  }): Promise<IssuedCode | undefined> {
    const { db, secrets } = this.deps;
    const { cameraId, createdBy, expiresInSec, autoRenew, replacing } = options;
    const createdAt = new Date();
    const expiresAt = new Date(createdAt.getTime() + expiresInSec * 1000);
    const codeSecret = secrets.newCodeSecret();
    // Long-gone codes go as codes are made; the daily clean-up takes the rest.
    await db.delete(connectionCodes).where(lt(connectionCodes.expiresAt, new Date(Date.now() - EXPIRED_KEPT_MS)));
    for (let attempt = 1; ; attempt++) {
      const pin = secrets.newPin();
      const pinHash = secrets.pinHash(pin);
      try {
        const row = await db.transaction(async (tx) => {
          // A spent or expired code of any camera that drew the same PIN gives it up; a live one keeps it.
          await tx
            .delete(connectionCodes)
            .where(and(eq(connectionCodes.pinHash, pinHash), or(isNotNull(connectionCodes.usedAt), lt(connectionCodes.expiresAt, new Date()))));
          const fields = { createdBy, pinHash, codeHash: secrets.codeHash(codeSecret), expiresAt, usedAt: null, usedBy: null, autoRenew, createdAt };
          const [saved] = await tx
            .insert(connectionCodes)
            .values({ cameraId, ...fields })
            .onConflictDoUpdate({ target: connectionCodes.cameraId, set: fields, ...(replacing && { setWhere: eq(connectionCodes.createdAt, replacing) }) })
            .returning({ id: connectionCodes.id });
          return saved;
        });
        if (!row) return undefined;
        const code = codeOf(row.id, codeSecret);
        const qrPayload = qrPayloadOf(code);
        return { cameraId, pin, code, qrPayload, qr: await renderQr(qrPayload), expiresAt, expiresInSec, autoRenew, issuedAt: createdAt };
      } catch (error) {
        // Another camera's live code has this PIN: draw again.
        if (attempt < PIN_ATTEMPTS && isUniqueViolation(error, 'connection_codes_pin_unique')) continue;
        throw error;
      }
    }
  }

  /** What a live code opens, for the caller; refuses invalid, expired and used codes distinctly. */
  async info(userId: number, lookup: CodeLookup): Promise<CodeInfo> {
    const row = await this.live(lookup);
    const [camera] = await this.deps.db
      .select({ id: cameras.id, name: cameras.name, location: cameras.location, status: cameras.status, ownerName: users.name, ownerNickname: users.nickname })
      .from(cameras)
      .innerJoin(users, eq(users.id, cameras.userId))
      .where(eq(cameras.id, row.cameraId));
    if (!camera) throw invalid();
    return {
      camera: { id: camera.id, name: camera.name, location: camera.location, status: camera.status },
      owner: { name: camera.ownerName, nickname: camera.ownerNickname },
      expiresAt: row.expiresAt,
      role: (await this.deps.access.roleOf(userId, camera.id)) ?? null,
    };
  }

  /**
   * Spends the code and makes the caller a viewer of its camera. The owner is refused (409), or,
   * with `ownerPasses` (the MIMO app, whose owner often pairs a second phone of the same account),
   * told it is theirs; a caller who already watches keeps the code unspent for whoever it was meant for.
   */
  async establish(
    userId: number,
    lookup: CodeLookup,
    options: { ownerPasses?: boolean } = {},
  ): Promise<{ camera: CameraView; role: CameraRole; alreadyConnected: boolean }> {
    const { db, access } = this.deps;
    const row = await this.live(lookup);
    const role = await access.roleOf(userId, row.cameraId);
    if (role === 'owner' && !options.ownerPasses) throw conflict(PairingMessage.OWN_CAMERA);
    if (role) return { camera: cameraView(await this.camera(row.cameraId), role), role, alreadyConnected: true };
    const camera = await db.transaction(async (tx) => {
      const [spent] = await tx
        .update(connectionCodes)
        .set({ usedAt: new Date(), usedBy: userId })
        .where(
          and(
            eq(connectionCodes.id, row.id),
            eq(connectionCodes.codeHash, row.codeHash),
            isNull(connectionCodes.usedAt),
            gt(connectionCodes.expiresAt, new Date()),
          ),
        )
        .returning({ cameraId: connectionCodes.cameraId });
      // Another viewer spent it first, it expired meanwhile, or the owner made a new one.
      if (!spent) throw refusalOf(await this.reread(row.id, row.codeHash, tx));
      await tx.insert(cameraViewers).values({ cameraId: spent.cameraId, userId }).onConflictDoNothing();
      const [found] = await tx.select().from(cameras).where(eq(cameras.id, spent.cameraId));
      return found!;
    });
    await this.tellOwner(camera.userId, camera.id, camera.name, userId);
    // The camera waits for its next viewer with a fresh code.
    await this.renew(camera.id, row.createdAt, 'used').catch((err: unknown) =>
      this.deps.logger.error({ err, cameraId: camera.id }, 'pairing code renewal failed'),
    );
    return { camera: cameraView(camera, 'viewer'), role: 'viewer', alreadyConnected: false };
  }

  /** The row of a code that is live; otherwise the reason it is not. */
  private async live(lookup: CodeLookup): Promise<CodeRow> {
    const row = await this.find(lookup);
    const refusal = refusalOf(row);
    if (refusal) throw refusal;
    return row!;
  }

  private async find(lookup: CodeLookup): Promise<CodeRow | undefined> {
    const { db, secrets } = this.deps;
    if ('pin' in lookup) {
      const hash = secrets.pinHash(lookup.pin);
      const [row] = await db.select().from(connectionCodes).where(eq(connectionCodes.pinHash, hash));
      return row && secrets.matches(row.pinHash, hash) ? row : undefined;
    }
    const parsed = parseCode(codeFromScan(lookup.code));
    if (!parsed) return undefined;
    const [row] = await db.select().from(connectionCodes).where(eq(connectionCodes.id, parsed.id));
    // Compared even without a row, so an unknown id takes as long as a wrong secret.
    const ok = secrets.matches(row?.codeHash ?? '', secrets.codeHash(parsed.secret));
    return row && ok ? row : undefined;
  }

  /** The code as it is now; inside a transaction, read through it (the embedded database has one connection). */
  private async reread(id: number, codeHash: string, tx: Tx | Db = this.deps.db): Promise<CodeRow | undefined> {
    const [row] = await tx
      .select()
      .from(connectionCodes)
      .where(and(eq(connectionCodes.id, id), eq(connectionCodes.codeHash, codeHash)));
    return row;
  }

  private async camera(cameraId: number) {
    const [row] = await this.deps.db.select().from(cameras).where(eq(cameras.id, cameraId));
    if (!row) throw invalid();
    return row;
  }

  private async tellOwner(ownerId: number, cameraId: number, cameraName: string, viewerId: number) {
    try {
      const [viewer] = await this.deps.db.select({ name: users.name, nickname: users.nickname }).from(users).where(eq(users.id, viewerId));
      const notice = viewerJoinedNotice(viewer?.nickname ?? viewer?.name ?? '새 뷰어', cameraName);
      await this.deps.notifications.notify(ownerId, { type: 'security', priority: 'medium', ...notice, data: { cameraId, viewerId } });
    } catch (err) {
      // The pairing stands; the owner still sees the viewer in /api/connection/active.
      this.deps.logger.error({ err, cameraId }, 'viewer joined notification failed');
    }
  }
}

const invalid = () => new AppError(400, PairingMessage.INVALID_PAIRING_CODE);

/** Why a code row cannot be used, or undefined when it can. */
function refusalOf(row: CodeRow | undefined): AppError | undefined {
  if (!row) return invalid();
  if (row.usedAt) return conflict(PairingMessage.PAIRING_CODE_USED);
  if (row.expiresAt.getTime() <= Date.now()) return new AppError(410, PairingMessage.PAIRING_CODE_EXPIRED);
  return undefined;
}
