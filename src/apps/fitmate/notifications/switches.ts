import { and, eq, isNotNull } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database';
import type { ChannelSwitches } from '../../../platform/notify/inbox/inbox';
import { users } from '../users/tables';

/** FitMate keeps the switches on the user (document 000). */
export async function fitmateSwitches(db: Db, userId: number): Promise<ChannelSwitches | undefined> {
  const [user] = await db
    .select({ email: users.email, push: users.pushNotificationEnabled, sms: users.smsNotificationEnabled, mail: users.emailNotificationEnabled })
    .from(users)
    .where(eq(users.id, userId));
  return user && { recipient: { userId, email: user.email }, push: user.push, sms: user.sms, email: user.mail };
}

/** The number the user proved with an SMS code (POST /sms/verify-otp); a number only typed in gets no SMS. */
export async function fitmateVerifiedPhone(db: Db, userId: number): Promise<string | null> {
  const [user] = await db
    .select({ phone: users.phoneNumber })
    .from(users)
    .where(and(eq(users.id, userId), isNotNull(users.phoneVerifiedAt)));
  return user?.phone ?? null;
}
