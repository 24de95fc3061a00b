/** Every socket of a user (not their devices'): an event for a user reaches all their tabs and phones. */
export const userRoom = (userId: number) => `user:${userId}`;

/** Every socket opened with one session's access tokens: they close together when it ends. */
export const sessionRoom = (sessionId: string) => `session:${sessionId}`;

/** The device sockets acting for a user (MIMO's cameras): they close when the account is switched off. */
export const devicesRoom = (userId: number) => `devices:${userId}`;

/** Whether a room is one of the three above, which the gateway itself puts every socket in. */
export const isPlatformRoom = (room: string) => /^(user|session|devices):/.test(room);
