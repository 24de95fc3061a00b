import type { AppName } from '../config';
import type { IdentityTables } from '../platform/auth/tables';
import type { PlatformSettingsTable } from '../platform/db/settings';
import type { EmailMessagesTable } from '../platform/notify/email/table';
import type { SmsLogsTable } from '../platform/notify/sms';
import type { NotificationTables } from '../platform/notify/tables';

/** The tables every app has, as the platform knows them. */
export type PlatformTables = IdentityTables &
  NotificationTables & { emailMessages: EmailMessagesTable; smsLogs: SmsLogsTable; platformSettings: PlatformSettingsTable };

const SCHEMAS = {
  fitmate: () => import('./fitmate/schema'),
  mindpause: () => import('./mindpause/schema'),
  mimo: () => import('./mimo/schema'),
} satisfies Record<AppName, () => Promise<unknown>>;

/** An app's tables alone, for commands that read or write rows without building the app. */
export async function appTables(name: AppName): Promise<PlatformTables> {
  return (await SCHEMAS[name]()) as unknown as PlatformTables;
}
