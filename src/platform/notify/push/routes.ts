import { z } from 'zod';
import { notFound } from '../../http/errors';
import { defineMessages } from '../../http/i18n';
import type { Router } from '../../http/router';
import type { PushSubscriptions } from './subscriptions';

const Message = defineMessages({
  PUSH_SUBSCRIBED: { ko: '푸시 알림 구독이 등록되었습니다.', en: 'Push subscription saved.' },
  PUSH_UNSUBSCRIBED: { ko: '푸시 알림 구독이 해지되었습니다.', en: 'Push subscription removed.' },
  PUSH_ENDPOINT_INVALID: { ko: '푸시 서비스 주소는 https URL이어야 합니다.', en: 'The push endpoint must be an https URL.' },
  PUSH_SERVICE_UNKNOWN: { ko: '알려진 푸시 서비스의 주소가 아닙니다.', en: 'The endpoint is not on a known push service.' },
  PUSH_P256DH_INVALID: { ko: 'p256dh 키는 65바이트 P-256 공개키(base64url)여야 합니다.', en: 'The p256dh key must be a 65-byte P-256 public key (base64url).' },
  PUSH_AUTH_INVALID: { ko: 'auth 키는 16바이트(base64url)여야 합니다.', en: 'The auth key must be 16 bytes (base64url).' },
});

/** base64url of exactly `bytes` bytes (browsers leave out the padding; a padded one is accepted too). */
const base64url = (bytes: number, message: string, check: (raw: Buffer) => boolean = () => true) =>
  z
    .string()
    .max(200)
    .transform((text) => text.replace(/=+$/, ''))
    .refine((text) => /^[A-Za-z0-9_-]+$/.test(text), message)
    .refine((text) => {
      const raw = Buffer.from(text, 'base64url');
      return raw.length === bytes && check(raw);
    }, message);

/**
 * Whether an endpoint is on one of `allowed`: an exact name or `*.example.com` for its subdomains,
 * on https's own port 443 unless the entry names another (`host:8443`, or `host:*` for any, which
 * only a test's local push service should need). The server posts to whatever endpoint is saved,
 * so only real push services are accepted: anything else would let a user aim our requests at
 * hosts and ports of their choosing (internal ones included).
 */
export function isPushServiceEndpoint(endpoint: URL, allowed: readonly string[]): boolean {
  const host = endpoint.hostname;
  const port = endpoint.port || '443';
  return allowed.some((entry) => {
    const [pattern, allowedPort = '443'] = entry.split(/:(?=[^:]*$)/) as [string, string?];
    if (allowedPort !== '*' && allowedPort !== port) return false;
    return pattern.startsWith('*.') ? host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1 : host === pattern;
  });
}

/** A browser's `PushSubscription.toJSON()`, on one of the allowed push services. */
export const subscriptionSchema = (allowedHosts: readonly string[]) =>
  z.strictObject({
    endpoint: z
      .string()
      .max(2048)
      .refine((text) => URL.canParse(text) && new URL(text).protocol === 'https:', Message.PUSH_ENDPOINT_INVALID)
      .refine((text) => !URL.canParse(text) || isPushServiceEndpoint(new URL(text), allowedHosts), Message.PUSH_SERVICE_UNKNOWN),
    expirationTime: z.number().nullable().optional(),
    keys: z.strictObject({
      // An uncompressed P-256 point starts with 0x04.
      p256dh: base64url(65, Message.PUSH_P256DH_INVALID, (raw) => raw[0] === 0x04),
      auth: base64url(16, Message.PUSH_AUTH_INVALID),
    }),
  });

const subscriptionView = z.object({
  id: z.number(),
  endpoint: z.string(),
  userAgent: z.string().nullable(),
  createdAt: z.date(),
  lastUsedAt: z.date().nullable(),
});

export interface PushRouteOptions {
  subscriptions: PushSubscriptions;
  vapidPublicKey: string;
  /** Hosts of the push services subscriptions may point at (PUSH_SERVICE_HOSTS). */
  allowedHosts: readonly string[];
  tags: string[];
}

/**
 * Web push subscriptions under an app's API prefix: `GET {prefix}/push/vapid-public-key` (for
 * `pushManager.subscribe`), `POST {prefix}/push/subscriptions` with the browser's subscription,
 * and `DELETE {prefix}/push/subscriptions` with its endpoint (the caller's own only).
 */
export function registerPushRoutes(router: Router, prefix: string, { subscriptions, vapidPublicKey, allowedHosts, tags }: PushRouteOptions) {
  const subscription = subscriptionSchema(allowedHosts);
  router.get(
    `${prefix}/push/vapid-public-key`,
    { summary: '푸시 공개키 (VAPID public key)', tags, response: z.object({ publicKey: z.string() }) },
    async () => ({ publicKey: vapidPublicKey }),
  );

  router.post(
    `${prefix}/push/subscriptions`,
    {
      summary: '푸시 구독 등록 (Save a push subscription)',
      tags,
      auth: true,
      body: subscription,
      response: subscriptionView,
      status: 201,
      message: Message.PUSH_SUBSCRIBED,
    },
    async (req) => {
      const { id, endpoint, userAgent, createdAt, lastUsedAt } = await subscriptions.save(req.principal.userId, req.body, req.headers['user-agent']);
      return { id, endpoint, userAgent, createdAt, lastUsedAt };
    },
  );

  router.delete(
    `${prefix}/push/subscriptions`,
    {
      summary: '푸시 구독 해지 (Remove a push subscription)',
      tags,
      auth: true,
      body: z.strictObject({ endpoint: z.string().min(1).max(2048) }),
      response: z.null(),
      message: Message.PUSH_UNSUBSCRIBED,
    },
    async (req) => {
      if (!(await subscriptions.remove(req.principal.userId, req.body.endpoint))) throw notFound();
      return null;
    },
  );
}
