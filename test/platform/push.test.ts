import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import webpush from 'web-push';
import * as fitmateSchema from '../../src/apps/fitmate/schema';
import { ConfigError, loadConfig } from '../../src/config';
import { type TestApp, startTestApp, uniqueEmail } from '../support/app';
import { type Account, account } from '../support/fitmate';
import { type PushService, startPushService } from '../support/push';

// Delivery jobs retry after 1 s, then 2 s; idle workers look for work every half second.
const JOBS = { JOB_RETRY_DELAY: '1s', JOB_POLL_INTERVAL: '0.5s' };

describe('web push (FitMate)', () => {
  let t: TestApp;
  let service: PushService;
  beforeAll(async () => {
    service = await startPushService();
    t = await startTestApp('fitmate', { ...JOBS, VAPID_SUBJECT: 'mailto:push@fitmate.test' });
  });
  afterAll(async () => {
    await t?.close();
    await service?.close();
  });

  const subscribe = (token: string, body: unknown, headers: Record<string, string> = {}) => t.api.post('/api/push/subscriptions', { token, body, headers });
  const subscriptionsOf = (userId: number) =>
    t.stores.database.db.select().from(fitmateSchema.pushSubscriptions).where(eq(fitmateSchema.pushSubscriptions.userId, userId));
  const delivery = async (notificationId: number, channel = 'push') => {
    await t.app.notifications.delivery.settled();
    const { notificationDeliveries: d } = fitmateSchema;
    const [row] = await t.stores.database.db
      .select()
      .from(d)
      .where(and(eq(d.notificationId, notificationId), eq(d.channel, channel as 'push')));
    return row;
  };
  /** A user away from the app, with push on and everything else off. */
  const pushUser = async () => {
    const me = await account(t);
    await t.api.put('/api/users/profile', {
      token: me.token,
      body: { pushNotificationEnabled: true, emailNotificationEnabled: false, smsNotificationEnabled: false },
    });
    return me;
  };
  const raise = (me: Account, body: Record<string, unknown> = {}) =>
    t.app.notifications.notify(me.id, { type: 'custom', title: '물 마시기 💧', message: '물 한 잔 마실 시간이에요.', data: { glass: 2 }, ...body });

  describe('subscriptions', () => {
    it('gives browsers the VAPID public key to subscribe with, the same on every start', async () => {
      const res = await t.api.get('/api/push/vapid-public-key');
      expect(res.status, res.text).toBe(200);
      const key = Buffer.from(res.body.data.publicKey, 'base64url');
      expect(key).toHaveLength(65);
      expect(key[0]).toBe(4);
      // A second node on the same database signs with the same key (it was kept there, not on disk).
      const second = await startTestApp('fitmate', JOBS, { stores: t.stores });
      try {
        expect((await second.api.get('/api/push/vapid-public-key')).body.data.publicKey).toBe(res.body.data.publicKey);
      } finally {
        await second.close();
      }
    });

    it('saves a browser’s subscription; subscribing again updates it rather than adding one', async () => {
      const me = await account(t);
      const browser = service.browser();
      const first = await subscribe(me.token, browser.json, { 'user-agent': 'Mozilla/5.0 (Test Browser)' });
      expect(first.status, first.text).toBe(201);
      expect(first.body.data).toMatchObject({ endpoint: browser.endpoint, userAgent: 'Mozilla/5.0 (Test Browser)', lastUsedAt: null });
      expect(first.body.data).not.toHaveProperty('auth');
      const renewed = { ...browser.json, keys: { ...service.browser().json.keys } };
      const again = await subscribe(me.token, renewed);
      expect(again.status).toBe(201);
      expect(again.body.data.id).toBe(first.body.data.id);
      const rows = await subscriptionsOf(me.id);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ endpoint: browser.endpoint, p256dh: renewed.keys.p256dh, auth: renewed.keys.auth });
    });

    it('lets a user remove only their own subscription', async () => {
      const [me, other] = await Promise.all([account(t), account(t)]);
      const browser = service.browser();
      await subscribe(me.token, browser.json);
      const theirs = await t.api.delete('/api/push/subscriptions', { token: other.token, body: { endpoint: browser.endpoint } });
      expect(theirs.status).toBe(404);
      expect(await subscriptionsOf(me.id)).toHaveLength(1);
      expect((await t.api.delete('/api/push/subscriptions', { token: me.token, body: { endpoint: browser.endpoint } })).status).toBe(200);
      expect(await subscriptionsOf(me.id)).toHaveLength(0);
      expect((await t.api.delete('/api/push/subscriptions', { token: me.token, body: { endpoint: browser.endpoint } })).status).toBe(404);
      expect((await subscribe('', browser.json)).status).toBe(401);
    });

    it('refuses subscriptions that are not a browser’s, naming the field', async () => {
      const me = await account(t);
      const good = service.browser().json;
      const shortKey = Buffer.from(good.keys.p256dh, 'base64url').subarray(0, 33).toString('base64url');
      const compressed = Buffer.concat([Buffer.from([2]), Buffer.from(good.keys.p256dh, 'base64url').subarray(1)]).toString('base64url');
      const cases: Array<[unknown, string]> = [
        [{ ...good, endpoint: good.endpoint.replace('https:', 'http:') }, 'endpoint'],
        [{ ...good, endpoint: 'not a url' }, 'endpoint'],
        // Not a push service: the server would post to hosts of the client's choosing.
        [{ ...good, endpoint: 'https://169.254.169.254/latest/meta-data' }, 'endpoint'],
        [{ ...good, endpoint: 'https://evil-fcm.googleapis.com.attacker.example/send/x' }, 'endpoint'],
        [{ ...good, endpoint: `https://push.example/${'x'.repeat(2100)}` }, 'endpoint'],
        [{ ...good, keys: { ...good.keys, p256dh: shortKey } }, 'keys.p256dh'],
        [{ ...good, keys: { ...good.keys, p256dh: compressed } }, 'keys.p256dh'],
        [{ ...good, keys: { ...good.keys, p256dh: good.keys.p256dh.replace(/^./, '+') } }, 'keys.p256dh'],
        [{ ...good, keys: { ...good.keys, auth: 'AAAA' } }, 'keys.auth'],
        [{ ...good, keys: { p256dh: good.keys.p256dh } }, 'keys.auth'],
        [{ endpoint: good.endpoint }, 'keys'],
        [{ ...good, userId: 1 }, 'userId'],
      ];
      for (const [body, field] of cases) {
        const res = await subscribe(me.token, body);
        expect(res.status, JSON.stringify(body).slice(0, 120)).toBe(400);
        expect(res.body.error.details.map((d: any) => d.field)).toContain(field);
      }
      expect(await subscriptionsOf(me.id)).toHaveLength(0);
    });
  });

  describe('delivery', () => {
    it('sends the notification signed with VAPID and encrypted for the browser, which can read it', async () => {
      const me = await pushUser();
      const phone = service.browser();
      const laptop = service.browser();
      await subscribe(me.token, phone.json);
      await subscribe(me.token, laptop.json);
      const { id } = await raise(me);
      expect(await delivery(id)).toMatchObject({ status: 'sent', attempts: 1, failureReason: null });
      const [toPhone] = service.to(phone);
      const { publicKey } = (await t.api.get('/api/push/vapid-public-key')).body.data;
      expect(toPhone).toMatchObject({ status: 201, subject: 'mailto:push@fitmate.test', vapidKey: publicKey });
      // The default priority: normal urgency, kept three days for a device that is off.
      expect(toPhone).toMatchObject({ urgency: 'normal', ttl: 72 * 3600 });
      expect(phone.decrypt(toPhone!)).toEqual({
        title: '물 마시기 💧',
        body: '물 한 잔 마실 시간이에요.',
        data: { glass: 2 },
        type: 'custom',
        notificationId: id,
      });
      // Each browser has its own keys: the laptop's message is not the phone's.
      expect(laptop.decrypt(service.to(laptop)[0]!).notificationId).toBe(id);
      expect(() => phone.decrypt(service.to(laptop)[0]!)).toThrow();
      expect((await subscriptionsOf(me.id)).every((s) => s.lastUsedAt !== null)).toBe(true);
      expect(service.refused).toEqual([]);
    });

    it('sets urgency and TTL from the priority, and keeps an expiring one no longer than it lives', async () => {
      const me = await pushUser();
      const browser = service.browser();
      await subscribe(me.token, browser.json);
      await raise(me, { priority: 'urgent' });
      await raise(me, { priority: 'low', expiresAt: new Date(Date.now() + 600_000) });
      await t.app.notifications.delivery.settled();
      const [urgent, low] = service.to(browser);
      expect(urgent).toMatchObject({ urgency: 'high', ttl: 4 * 3600 });
      expect(low!.urgency).toBe('low');
      expect(low!.ttl).toBeGreaterThan(590);
      expect(low!.ttl).toBeLessThanOrEqual(600);
    });

    it('skips a user with no subscription, without failing or retrying', async () => {
      const me = await pushUser();
      const before = service.requests.length;
      const { id } = await raise(me);
      expect(await delivery(id)).toMatchObject({ status: 'skipped', failureReason: 'no subscription', attempts: 1, sentAt: null });
      expect(service.requests.length).toBe(before);
      const shown = (await t.api.get('/api/notifications', { token: me.token })).body.data.items[0];
      expect(shown.channels).toContainEqual(expect.objectContaining({ channel: 'push', status: 'skipped', failureReason: 'no subscription' }));
    });

    it('deletes a subscription the push service says is gone', async () => {
      const me = await pushUser();
      const [gone, alive] = [service.browser(), service.browser()];
      await subscribe(me.token, gone.json);
      await subscribe(me.token, alive.json);
      service.answer(gone, 410);
      const { id } = await raise(me);
      expect(await delivery(id)).toMatchObject({ status: 'sent' });
      expect((await subscriptionsOf(me.id)).map((s) => s.endpoint)).toEqual([alive.endpoint]);
      // With its only browser gone, the next one has nowhere to go.
      const other = await pushUser();
      const lost = service.browser();
      await subscribe(other.token, lost.json);
      service.answer(lost, 404);
      const next = await raise(other);
      expect(await delivery(next.id)).toMatchObject({ status: 'skipped', failureReason: 'subscription gone' });
      expect(await subscriptionsOf(other.id)).toEqual([]);
    });

    it('retries when the push service fails, and is sent when it recovers', async () => {
      const me = await pushUser();
      const browser = service.browser();
      await subscribe(me.token, browser.json);
      service.answer(browser, 500);
      const { id } = await raise(me);
      expect(await delivery(id)).toMatchObject({ status: 'sent', attempts: 2, failureReason: null });
      expect(service.to(browser).map((r) => r.status)).toEqual([500, 201]);
      expect(browser.decrypt(service.to(browser)[1]!).notificationId).toBe(id);
    });

    it('fails with the reason after the last of three tries', async () => {
      const me = await pushUser();
      const browser = service.browser();
      await subscribe(me.token, browser.json);
      service.answer(browser, 500, 503, 500);
      const { id } = await raise(me);
      expect(await delivery(id)).toMatchObject({
        status: 'failed',
        attempts: 3,
        failureReason: 'push service answered 500: push service says 500',
        sentAt: null,
      });
      expect(service.to(browser).map((r) => r.status)).toEqual([500, 503, 500]);
      // The subscription may work again later: a failure is not a "gone".
      expect(await subscriptionsOf(me.id)).toHaveLength(1);
      expect(t.logs.some((l) => l.msg === 'notification delivery failed' && l.notificationId === id)).toBe(true);
    });

    it('sends nothing to a user who switched push off', async () => {
      const me = await account(t);
      const browser = service.browser();
      await subscribe(me.token, browser.json);
      await t.api.put('/api/users/profile', { token: me.token, body: { pushNotificationEnabled: false, emailNotificationEnabled: false } });
      const { id } = await raise(me, { priority: 'urgent' });
      await t.app.notifications.delivery.settled();
      expect(await delivery(id)).toBeUndefined();
      expect(service.to(browser)).toEqual([]);
    });
  });
});

describe('web push routes under each app’s prefix', () => {
  let service: PushService;
  const apps: TestApp[] = [];
  beforeAll(async () => {
    service = await startPushService();
  });
  afterAll(async () => {
    await Promise.all(apps.map((a) => a.close()));
    await service?.close();
  });

  it('MindPause: /api/v1/push, with the VAPID keys the settings give', async () => {
    const keys = webpush.generateVAPIDKeys();
    const t = await startTestApp('mindpause', { ...JOBS, VAPID_PUBLIC_KEY: keys.publicKey, VAPID_PRIVATE_KEY: keys.privateKey });
    apps.push(t);
    expect((await t.api.get('/api/v1/push/vapid-public-key')).body.data).toEqual({ publicKey: keys.publicKey });
    const reg = await t.api.post('/api/v1/auth/register', { body: { email: uniqueEmail('mp'), password: 'calm-mind-7', nickname: '푸시' } });
    const { accessToken: token, user } = reg.body.data;
    const browser = service.browser();
    expect((await t.api.post('/api/v1/push/subscriptions', { token, body: browser.json })).status).toBe(201);
    const { id } = await t.app.notifications.notify(user.id, { type: 'emotion_reminder', title: '오늘 기분은 어때요?', message: '감정을 기록해 보세요.' });
    await t.app.notifications.delivery.settled();
    const [request] = service.to(browser);
    expect(request!.vapidKey).toBe(keys.publicKey);
    expect(browser.decrypt(request!)).toMatchObject({ title: '오늘 기분은 어때요?', notificationId: id, type: 'emotion_reminder' });
    expect((await t.api.delete('/api/v1/push/subscriptions', { token, body: { endpoint: browser.endpoint } })).status).toBe(200);
  });

  it('MIMO: /api/push in its envelope; a critical alert is urgent', async () => {
    const t = await startTestApp('mimo', JOBS);
    apps.push(t);
    const reg = await t.api.post('/api/auth/register', {
      body: { email: uniqueEmail('mimo'), password: 'homecam-24', name: '홈캠', agreements: { terms: true, privacy: true } },
    });
    const { accessToken: token, user } = reg.body.data;
    const browser = service.browser();
    const saved = await t.api.post('/api/push/subscriptions', { token, body: browser.json });
    expect(saved.body).toMatchObject({ ok: true, data: { endpoint: browser.endpoint } });
    const bad = await t.api.post('/api/push/subscriptions', { token, body: { ...browser.json, endpoint: 'http://push.example/x' } });
    expect(bad.body).toMatchObject({ ok: false, error: { code: 'E_VALIDATION' } });
    await t.app.notifications.notify(user.id, {
      type: 'motion',
      title: '움직임 감지',
      message: '거실 카메라에서 움직임이 감지되었습니다.',
      priority: 'critical',
      data: { cameraId: 3 },
    });
    await t.app.notifications.delivery.settled();
    const [request] = service.to(browser);
    expect(request).toMatchObject({ urgency: 'high', ttl: 4 * 3600 });
    expect(browser.decrypt(request!)).toMatchObject({ type: 'motion', data: { cameraId: 3 } });
  });
});

describe('VAPID settings', () => {
  const keys = webpush.generateVAPIDKeys();

  it('takes both keys or neither, each of the right length, and a mailto: or https: subject', () => {
    expect(loadConfig({ VAPID_PUBLIC_KEY: keys.publicKey, VAPID_PRIVATE_KEY: keys.privateKey }).push).toEqual({
      vapid: keys,
      subject: 'mailto:no-reply@madang.local',
      allowedHosts: ['fcm.googleapis.com', '*.push.services.mozilla.com', '*.notify.windows.com', 'web.push.apple.com', '*.push.apple.com'],
    });
    expect(loadConfig({ PUSH_SERVICE_HOSTS: ' Push.Example.com, *.push.example ' }).push.allowedHosts).toEqual(['push.example.com', '*.push.example']);
    expect(() => loadConfig({ PUSH_SERVICE_HOSTS: 'http://push.example' })).toThrow('PUSH_SERVICE_HOSTS');
    expect(loadConfig({ SMTP_FROM: 'FitMate <hello@fitmate.example>' }).push).toMatchObject({ vapid: undefined, subject: 'mailto:hello@fitmate.example' });
    const refused: Array<[Record<string, string>, string]> = [
      [{ VAPID_PUBLIC_KEY: keys.publicKey }, 'VAPID_PRIVATE_KEY'],
      [{ VAPID_PRIVATE_KEY: keys.privateKey }, 'VAPID_PUBLIC_KEY'],
      [{ VAPID_PUBLIC_KEY: keys.privateKey, VAPID_PRIVATE_KEY: keys.privateKey }, 'VAPID_PUBLIC_KEY'],
      [{ VAPID_PUBLIC_KEY: keys.publicKey, VAPID_PRIVATE_KEY: `${keys.privateKey}==` }, 'VAPID_PRIVATE_KEY'],
      [{ VAPID_SUBJECT: 'http://fitmate.example' }, 'VAPID_SUBJECT'],
    ];
    for (const [env, setting] of refused) {
      expect(() => loadConfig(env), JSON.stringify(env)).toThrow(ConfigError);
      expect(() => loadConfig(env)).toThrow(setting);
    }
  });
});
