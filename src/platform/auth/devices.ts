import { AppError } from '../http/errors';
import { defineMessages } from '../http/i18n';
import type { Principal } from '../http/router';

export const DeviceMessage = defineMessages({
  DEVICE_CREDENTIAL_INVALID: { ko: '기기 인증 정보가 올바르지 않습니다.', en: 'The device credential is not valid.' },
});

/** Where a device puts its credential: this header on HTTP, `deviceCredential` in a socket's handshake `auth` or `?token=`. */
export const DEVICE_CREDENTIAL_HEADER = 'x-device-credential';

/** What a device (a MIMO camera) is, once its credential checks: its owner's principal and its own ids. */
export interface DeviceSignIn {
  /** The owner it acts for; no roles (a device is never staff). */
  principal: Principal;
  device: Readonly<Record<string, number>>;
}

/** Checks a credential; undefined for anything malformed, unknown or wrong. Never throws on input. */
export type DeviceVerifier = (credential: string) => Promise<DeviceSignIn | undefined>;

/**
 * The one device-credential check of an app, for every transport: a route's `auth: 'device'` or
 * `'user-or-device'`, a Socket.IO handshake's `auth.deviceCredential`, a plain WebSocket's token.
 * The app says how a credential is verified (`use`); a wrong one is always 401 DEVICE_CREDENTIAL_INVALID.
 */
export class DeviceAuth {
  private verifier?: DeviceVerifier;

  use(verifier: DeviceVerifier): void {
    if (this.verifier) throw new Error('the app has a device verifier already');
    this.verifier = verifier;
  }

  async signIn(credential: unknown): Promise<DeviceSignIn> {
    const signedIn = this.verifier && typeof credential === 'string' && credential ? await this.verifier(credential) : undefined;
    if (!signedIn) throw new AppError(401, DeviceMessage.DEVICE_CREDENTIAL_INVALID);
    return signedIn;
  }
}
