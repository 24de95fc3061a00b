/** Why sessions ended, as recorded on the session row (`revoked_reason`) and told to listeners. */
export type SessionEndReason = 'logout' | 'logout_all' | 'password_changed' | 'password_reset' | 'suspended' | 'deleted' | 'refresh_reuse';

/**
 * Sessions that have just ended. Their access tokens already stop working; everything a client
 * opened with them (sockets, streams) must close too. `account` says the account itself is off
 * (suspended or deleted): then every connection acting for the user closes, devices included.
 */
export interface SessionsEnded {
  userId: number;
  sessionIds: string[];
  account: boolean;
  reason: SessionEndReason;
}

export type SessionsEndedListener = (ended: SessionsEnded) => void | Promise<void>;
