import { parseArgs } from 'node:util';
import { desc, eq } from 'drizzle-orm';
import { type PlatformTables, appTables } from '../apps/schemas';
import { type AppName, ConfigError } from '../config';
import type { Db } from '../platform/db/database';
import { type CommandContext, appNames, openMigrated } from './common';

const CHANNELS = ['email', 'sms', 'push'] as const;
type Channel = (typeof CHANNELS)[number];

interface Message {
  app: AppName;
  channel: Channel;
  at: Date;
  to: string;
  status: string;
  title: string;
  body: string;
}

/**
 * `outbox [--app <app>] [--channel email|sms|push] [--limit <n>]`: the messages the apps sent,
 * newest first, read from the database: recorded emails (whole without SMTP), the SMS log (with
 * the recording driver's codes) and push deliveries with the notification they carried.
 */
export async function run({ config, args }: CommandContext): Promise<void> {
  const { values } = parseArgs({ args, options: { app: { type: 'string' }, channel: { type: 'string' }, limit: { type: 'string', default: '20' } } });
  const names = appNames(values.app ? [values.app] : []);
  if (values.channel && !(CHANNELS as readonly string[]).includes(values.channel))
    throw new ConfigError('--channel', `"${values.channel}" is not one of ${CHANNELS.join(', ')}`);
  const channels = values.channel ? [values.channel as Channel] : [...CHANNELS];
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new ConfigError('--limit', 'expected a whole number above 0');

  const database = await openMigrated(config, names);
  try {
    const messages: Message[] = [];
    for (const app of names) {
      const tables = await appTables(app);
      for (const channel of channels) messages.push(...(await READERS[channel](database.db, tables, limit)).map((m) => ({ app, channel, ...m })));
    }
    messages.sort((a, b) => b.at.getTime() - a.at.getTime());
    for (const m of messages.slice(0, limit).reverse()) console.log(format(m));
    if (!messages.length) console.log(`No messages in the outbox (${names.join(', ')}; ${channels.join(', ')}).`);
  } finally {
    await database.close();
  }
}

type Reader = (db: Db, tables: PlatformTables, limit: number) => Promise<Array<Omit<Message, 'app' | 'channel'>>>;

const READERS: Record<Channel, Reader> = {
  async email(db, { emailMessages: t }, limit) {
    const rows = await db.select().from(t).orderBy(desc(t.id)).limit(limit);
    return rows.map((r) => ({
      at: r.createdAt,
      to: r.toAddress,
      status: r.status,
      title: r.subject,
      body: r.textBody ?? '(the body is not kept for mail sent over SMTP)',
    }));
  },
  async sms(db, { smsLogs: t }, limit) {
    const rows = await db.select().from(t).orderBy(desc(t.id)).limit(limit);
    return rows.map((r) => ({
      at: r.createdAt,
      to: r.phoneNumber,
      status: [r.status, r.provider, r.errorMessage].filter(Boolean).join(', '),
      title: r.templateType,
      body: r.message,
    }));
  },
  async push(db, { notificationDeliveries: d, notifications: n, users }, limit) {
    const rows = await db
      .select({ at: n.createdAt, to: users.email, status: d.status, reason: d.failureReason, title: n.title, body: n.message })
      .from(d)
      .innerJoin(n, eq(n.id, d.notificationId))
      .innerJoin(users, eq(users.id, n.userId))
      .where(eq(d.channel, 'push'))
      .orderBy(desc(d.id))
      .limit(limit);
    return rows.map((r) => ({ at: r.at, to: r.to, status: [r.status, r.reason].filter(Boolean).join(': '), title: r.title, body: r.body }));
  },
};

const seoulTime = (at: Date) => at.toLocaleString('sv-SE', { timeZone: 'Asia/Seoul' });

function format(m: Message): string {
  const body = m.body
    .trim()
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
  return `${seoulTime(m.at)}  ${m.app} ${m.channel} to ${m.to} (${m.status})\n  ${m.title}\n${body}\n`;
}
