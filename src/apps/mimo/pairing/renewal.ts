import type { Jobs } from '../../../platform/jobs/jobs';
import { userRoom } from '../../../platform/realtime/gateway';
import { LiveEvent, cameraDeviceRoom } from '../live/rooms';
import type { MimoJob, MimoTypes } from '../types';
import type { IssuedCode, PairingCodes } from './codes';
import type { MimoGateway } from '../live/events';

export const RENEWAL_JOB = 'mimo.pairing-renewal';
/** A code that renews itself is replaced this long before it expires, so the camera never shows a dead one. */
export const RENEWAL_LEAD_SEC = 10;

/** `expiring`: its time was nearly up; `used`: a viewer spent it. */
export type RenewalReason = 'expiring' | 'used';

export interface RenewalJob {
  cameraId: number;
  /** The code to renew, by when it was issued: a code generated or renewed since is left alone. */
  issuedAt: string;
}

/** What the camera and its owner hear: the new code as `POST /api/qr/generate` answers it, and why. */
export const renewedPayload = ({ issuedAt: _issuedAt, ...code }: IssuedCode, reason: RenewalReason) => ({ ...code, reason });

/**
 * Document 003's automatic renewal of pairing codes ("연결 코드 관리: 만료 시간 설정, 자동 갱신").
 * Each code that asks for it gets a durable job at its end (one node runs it, even after a
 * restart); the job renews it while the camera is online, and the camera's device sockets and
 * its owner's sockets get `pairing:renewed` with the new PIN and QR code. A spent code is renewed
 * at once (PairingCodes.establish).
 */
export class PairingRenewal {
  constructor(private readonly deps: { jobs: Pick<Jobs<MimoTypes['jobs']>, 'send'>; gateway: Pick<MimoGateway, 'io'> }) {}

  async schedule(code: IssuedCode): Promise<void> {
    if (!code.autoRenew) return;
    const startAfter = new Date(code.expiresAt.getTime() - RENEWAL_LEAD_SEC * 1000);
    await this.deps.jobs.send(RENEWAL_JOB, { cameraId: code.cameraId, issuedAt: code.issuedAt.toISOString() }, { startAfter });
  }

  announce(ownerId: number, code: IssuedCode, reason: RenewalReason): void {
    this.deps.gateway.io.to([cameraDeviceRoom(code.cameraId), userRoom(ownerId)]).emit(LiveEvent.PAIRING_RENEWED, renewedPayload(code, reason));
  }
}

/** The renewal job: a code due for renewal is renewed through `codes`. */
export function renewalJob(codes: Pick<PairingCodes, 'renew'>): MimoJob<typeof RENEWAL_JOB> {
  return {
    description: `자동 갱신을 켠 연결 코드를 만료 ${RENEWAL_LEAD_SEC}초 전에 새 코드로 바꾸고 카메라와 소유자에게 알림 (카메라가 온라인일 때)`,
    retryLimit: 2,
    async handler({ cameraId, issuedAt }) {
      const renewed = await codes.renew(cameraId, new Date(issuedAt), 'expiring');
      return { renewed: Boolean(renewed) };
    },
  };
}
