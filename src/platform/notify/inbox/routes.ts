import { z } from 'zod';
import { forbidden } from '../../http/errors';
import { jsonObject, lineText, longText } from '../../http/fields';
import { defineMessages } from '../../http/i18n';
import { pageQuery, paginated } from '../../http/pagination';
import { type Router, idParam } from '../../http/router';
import { CHANNELS, DELIVERY_STATUSES } from '../tables';
import type { Inbox, NotificationView } from './inbox';

const Message = defineMessages({
  NOTIFICATION_CREATED: { ko: '알림이 생성되었습니다.', en: 'Notification created.' },
  NOTIFICATION_READ: { ko: '알림을 읽음으로 표시했습니다.', en: 'Marked as read.' },
  NOTIFICATIONS_ALL_READ: { ko: '모든 알림을 읽음으로 표시했습니다.', en: 'All marked as read.' },
  NOTIFICATION_DELETED: { ko: '알림이 삭제되었습니다.', en: 'Notification deleted.' },
  NOTIFICATION_EXPIRY_PAST: { ko: '만료 시간은 미래여야 합니다.', en: 'The expiry must be in the future.' },
});

export interface InboxRouteOptions {
  inbox: Inbox;
  tags: string[];
  types: readonly [string, ...string[]];
  priorities: readonly [string, ...string[]];
  /** The name the app's documents give the free-form field: `data` (FitMate) or `metadata` (MIMO). */
  dataKey: 'data' | 'metadata';
}

type Method = 'post' | 'put' | 'patch';

/**
 * The notification routes every app has, mounted at the paths, with the methods and the field
 * names its own document gives. An app calls the ones it has.
 */
export function inboxRoutes(router: Router, { inbox, tags, types, priorities, dataKey }: InboxRouteOptions) {
  const extra = jsonObject(16_384);
  const view = z.object({
    id: z.number(),
    userId: z.number(),
    title: z.string(),
    message: z.string(),
    type: z.enum(types),
    [dataKey]: z.record(z.string(), z.unknown()).nullable(),
    isRead: z.boolean(),
    readAt: z.date().nullable(),
    priority: z.enum(priorities),
    expiresAt: z.date().nullable(),
    createdAt: z.date(),
    channels: z.array(
      z.object({
        channel: z.enum(CHANNELS),
        status: z.enum(DELIVERY_STATUSES),
        sentAt: z.date().nullable(),
        failureReason: z.string().nullable(),
        attempts: z.number(),
      }),
    ),
  });
  // The view's type and priority are the app's own words (checked on the way out by `view`).
  const shown = ({ data, ...rest }: NotificationView) => ({ ...rest, [dataKey]: data }) as z.input<typeof view>;
  const count = z.object({ unreadCount: z.number() });
  const filters = pageQuery.extend({
    isRead: z
      .enum(['true', 'false'])
      .transform((v) => v === 'true')
      .optional(),
    type: z.enum(types).optional(),
  });

  return {
    list(path: string) {
      router.get(
        path,
        { summary: '알림 목록 (My notifications)', tags, auth: true, query: filters, response: paginated(view).extend(count.shape) },
        async (req) => {
          const page = await inbox.list(req.principal.userId, req.query);
          return { ...page, items: page.items.map(shown) };
        },
      );
    },

    /** An ADMIN may notify anyone; a user, only themself (a reminder, say). Never by SMS: the words are the caller's. */
    create(path: string) {
      const body = z.strictObject({
        userId: z.number().int().positive().optional(),
        type: z.enum(types),
        title: lineText(200),
        message: longText(2000).pipe(z.string().min(1)),
        [dataKey]: extra.optional(),
        priority: z.enum(priorities).optional(),
        expiresAt: z.iso
          .datetime({ offset: true })
          .transform((text) => new Date(text))
          .refine((date) => date.getTime() > Date.now(), Message.NOTIFICATION_EXPIRY_PAST)
          .optional(),
      });
      router.post(
        path,
        { summary: '알림 생성 (Raise a notification)', tags, auth: true, body, response: view, status: 201, message: Message.NOTIFICATION_CREATED },
        async (req) => {
          // The schema above checked these; its computed field name hides their types from TypeScript.
          const input = req.body as unknown as { userId?: number; type: string; title: string; message: string; priority?: string; expiresAt?: Date } & Record<
            string,
            unknown
          >;
          const { type, title, message, priority, expiresAt } = input;
          const userId = input.userId ?? req.principal.userId;
          if (userId !== req.principal.userId && !req.principal.roles.includes('ADMIN')) throw forbidden();
          const data = input[dataKey] as Record<string, unknown> | undefined;
          const { id } = await inbox.notify(userId, { type, title, message, data, priority, expiresAt, userAuthored: true });
          return shown(await inbox.get(userId, id));
        },
      );
    },

    get(path: string) {
      router.get(path, { summary: '알림 상세 (One notification)', tags, auth: true, params: idParam, response: view }, async (req) =>
        shown(await inbox.get(req.principal.userId, req.params.id)),
      );
    },

    read(path: string, method: Method) {
      router[method](
        path,
        { summary: '알림 읽음 처리 (Mark as read)', tags, auth: true, params: idParam, response: view, message: Message.NOTIFICATION_READ },
        async (req) => shown(await inbox.markRead(req.principal.userId, req.params.id)),
      );
    },

    readAll(path: string, method: Method) {
      router[method](
        path,
        {
          summary: '모든 알림 읽음 처리 (Mark all as read)',
          tags,
          auth: true,
          response: z.object({ updated: z.number() }),
          message: Message.NOTIFICATIONS_ALL_READ,
        },
        async (req) => inbox.markAllRead(req.principal.userId),
      );
    },

    remove(path: string) {
      router.delete(
        path,
        { summary: '알림 삭제 (Delete)', tags, auth: true, params: idParam, response: z.null(), message: Message.NOTIFICATION_DELETED },
        async (req) => {
          await inbox.delete(req.principal.userId, req.params.id);
          return null;
        },
      );
    },

    unreadCount(path: string) {
      router.get(path, { summary: '읽지 않은 알림 수 (Unread count)', tags, auth: true, response: count }, async (req) => ({
        unreadCount: await inbox.unreadCount(req.principal.userId),
      }));
    },

    stats(path: string) {
      const perType = z.record(z.string(), z.object({ total: z.number(), unread: z.number() }));
      const response = z.object({
        total: z.number(),
        unread: z.number(),
        byType: perType,
        byPriority: z.record(z.string(), z.number()),
        lastSevenDays: z.array(z.object({ date: z.string(), total: z.number() })),
      });
      router.get(path, { summary: '알림 통계 (Statistics)', tags, auth: true, response }, async (req) => inbox.stats(req.principal.userId));
    },
  };
}
