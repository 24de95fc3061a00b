import { eq } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database';
import type { ChannelSwitches } from '../../../platform/notify/inbox/inbox';
import { users } from '../users/tables';

/** MindPause has a push switch and an email switch on the user; no SMS. */
export async function mindpauseSwitches(db: Db, userId: number): Promise<ChannelSwitches | undefined> {
  const [user] = await db
    .select({ email: users.email, push: users.notificationEnabled, mail: users.emailNotificationEnabled })
    .from(users)
    .where(eq(users.id, userId));
  return user && { recipient: { userId, email: user.email }, push: user.push, sms: false, email: user.mail };
}
