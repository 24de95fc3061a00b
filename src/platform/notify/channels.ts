import type { Logger } from 'pino';
import type { AppConfig, Config } from '../../config';
import type { Db } from '../db/database';
import type { PlatformSettingsTable } from '../db/settings';
import { emailDriver } from './email/channel';
import type { Mailer } from './email/mailer';
import { type ChannelDriver, type ExternalChannel, SkipDelivery } from './inbox/delivery';
import { pushDriver } from './push/sender';
import { PushSubscriptions } from './push/subscriptions';
import type { PushSubscriptionsTable } from './push/table';
import { type VapidDetails, resolveVapid } from './push/vapid';
import { type Sms, SmsNotSent } from './sms';

/** An app's web push: its users' browser subscriptions and the key pair it signs with. */
export interface WebPush {
  subscriptions: PushSubscriptions;
  vapid: VapidDetails;
}

export interface ChannelOptions {
  config: Config;
  app: AppConfig;
  db: Db;
  tables: { pushSubscriptions: PushSubscriptionsTable; platformSettings: PlatformSettingsTable };
  mailer: Mailer;
  sms: Sms;
  /** How the app names itself to people. */
  displayName: string;
  /** The app's notification priorities, lowest first. */
  priorities: readonly string[];
  logger: Logger;
}

/**
 * The drivers of an app's external notification channels: web push with VAPID (keys from the
 * settings or the database), email through the app's mailer, and SMS through its SMS jobs.
 */
export async function createChannels(o: ChannelOptions): Promise<{ drivers: Record<ExternalChannel, ChannelDriver>; push: WebPush }> {
  const vapid = await resolveVapid({ configured: o.config.push.vapid, subject: o.config.push.subject, db: o.db, table: o.tables.platformSettings });
  const subscriptions = new PushSubscriptions(o.db, o.tables.pushSubscriptions);
  return {
    push: { subscriptions, vapid },
    drivers: {
      push: pushDriver({ subscriptions, vapid, priorities: o.priorities, logger: o.logger }),
      email: emailDriver({ mailer: o.mailer, appName: o.displayName, webUrl: o.app.webUrl }),
      sms: smsDriver(o.sms, o.displayName),
    },
  };
}

/**
 * SMS hands the message to the app's `sms.send` job, which reports the outcome through
 * `sms.onSettled` (the delivery record stays pending until then). It goes only to the number the
 * account verified, within the daily caps; otherwise the channel is skipped with the reason.
 */
function smsDriver(sms: Sms, appName: string): ChannelDriver {
  return {
    name: `sms:${sms.provider.name}`,
    async send(recipient, notification) {
      try {
        await sms.sendToUser(recipient.userId, {
          message: `[${appName}] ${notification.title}\n${notification.message}`,
          templateType: 'notification',
          notificationId: notification.id,
        });
      } catch (error) {
        if (error instanceof SmsNotSent) throw new SkipDelivery(error.reason);
        throw error;
      }
      return 'accepted';
    },
  };
}
