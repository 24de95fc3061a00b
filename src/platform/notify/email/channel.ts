import { type ChannelDriver, SkipDelivery } from '../inbox/delivery';
import type { Mailer } from './mailer';
import { notificationEmail } from './templates';

/** Notifications by email, in the notification template, through the app's mailer (SMTP or recording). */
export function emailDriver(options: { mailer: Mailer; appName: string; webUrl?: string }): ChannelDriver {
  // {APP}_WEB_URL names the page OAuth returns to; the link goes to the front end it belongs to.
  const appUrl = options.webUrl ? `${new URL(options.webUrl).origin}/` : undefined;
  return {
    name: `email:${options.mailer.driver}`,
    async send(recipient, notification) {
      if (!recipient.email) throw new SkipDelivery('no email address');
      await options.mailer.send(
        notificationEmail({ appName: options.appName, to: recipient.email, title: notification.title, message: notification.message, appUrl }),
      );
    },
  };
}
