import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seoulToday } from '../../src/platform/time';
import { type TestApp, startTestApp } from '../support/app';
import { barValue, hasChromium, launchBrowser, openPage } from '../support/browser';
import { PASSWORD, account } from '../support/mindpause';
import { eventually } from '../support/sockets';

const POSTS = '/api/v1/community/posts';

describe.skipIf(!hasChromium)('the operator console in the browser', () => {
  let t: TestApp;
  let browser: Browser;
  beforeAll(async () => {
    [t, browser] = await Promise.all([startTestApp('mindpause'), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const signIn = async (page: Page, email: string) => {
    await page.fill('#sign-in input[name=email]', email);
    await page.fill('#sign-in input[name=password]', PASSWORD);
    await page.click('#sign-in button[type=submit]');
  };
  const section = (page: Page, name: string) => page.click(`#sections a[href="#${name}"]`);

  it('signs an admin in, cuts a suspended user’s open page at once, resolves a report, and draws charts from real data', async () => {
    const [admin, target, writer, reporter] = await Promise.all([
      account(t, ['ADMIN'], '운영자'),
      account(t, ['USER'], '정지대상'),
      account(t, ['USER'], '글쓴이'),
      account(t, ['USER'], '신고자'),
    ]);

    // The person to be suspended has the app open: signed in, their socket connected.
    const userPage = await openPage(browser, `${t.api.baseUrl}/app`);
    await signIn(userPage.page, target.email);
    await userPage.page.locator('#inbox', { hasText: '읽지 않은 알림 0개' }).waitFor();

    // A USER may sign in, but the console is not theirs.
    const desk = await openPage(browser, `${t.api.baseUrl}/console`);
    const { page } = desk;
    await signIn(page, writer.email);
    await page.locator('[role=alert]', { hasText: '관리자(ADMIN) 계정이 아닙니다' }).waitFor();
    await page.click('#sign-out');
    await signIn(page, admin.email);
    await page.locator('#sections').waitFor();
    expect(await page.locator('#apps a').allTextContents()).toEqual(['FitMate', '마음쉼표', 'MIMO']);

    // Live counters over the socket: the user's page and the console itself are connected.
    await page.locator('#live-counters tr[data-app=mindpause] .sockets', { hasText: /^[2-9]\d*$/ }).waitFor();

    // Suspend: the user's open page hears its session end and is back at sign-in, with why.
    await section(page, 'users');
    await page.fill('#user-search input[name=q]', target.email);
    await page.click('#user-search button[type=submit]');
    const row = page.locator(`#users tr[data-user-id="${target.id}"]`);
    await row.locator('.sessions', { hasText: '접속 중' }).waitFor();
    await row.locator('.suspend-user').click();
    await row.locator('input[name=reason]').fill('반복된 욕설');
    await row.locator('form.suspend button[type=submit]').click();
    await userPage.page.locator('.notice', { hasText: '계정이 정지되어 세션이 종료되었습니다.' }).waitFor();
    await userPage.page.locator('#sign-in').waitFor();
    await row.locator('.suspended').waitFor();
    expect(await row.locator('.sessions').textContent()).toBe('0개');
    expect((await t.api.post('/api/v1/auth/login', { body: { email: target.email, password: PASSWORD } })).status).toBe(403);

    // A reported post, resolved from the queue by removing it.
    const post = (await t.api.post(POSTS, { token: writer.token, body: { category: 'free', title: '신고될 글', content: '거친 말', isAnonymous: true } })).body
      .data;
    const report = (await t.api.post(`${POSTS}/${post.id}/report`, { token: reporter.token, body: { reason: 'abuse', note: '욕설이 있어요' } })).body.data;
    await section(page, 'reports');
    const reported = page.locator(`#reports tr[data-report-id="${report.id}"]`);
    await reported.locator('text=작성자 글쓴이 (익명으로 게시)').waitFor();
    await reported.locator('button.resolve').click();
    await reported.waitFor({ state: 'detached' });
    const resolved = await t.api.get('/api/v1/admin/reports?status=resolved&limit=100', { token: admin.token });
    expect(resolved.body.data.items.find((r: { id: number }) => r.id === report.id)).toMatchObject({
      status: 'resolved',
      resolvedBy: admin.id,
      target: { deleted: true },
    });
    expect((await t.api.get(`${POSTS}/${post.id}`, { token: reporter.token })).status).toBe(404);

    // Charts from real data: three text messages sent today, and a notification delivered in the app.
    const sent = await Promise.all([1, 2, 3].map((n) => t.app.sms.send({ to: `010-5555-000${n}`, message: `알림 ${n}`, templateType: 'custom' })));
    await eventually(
      async () => (await t.api.get('/api/v1/admin/sms?status=sent&limit=100', { token: admin.token })).body.data.pagination.totalItems === sent.length,
      30_000,
    );
    await t.app.notifications.notify(writer.id, { type: 'system', title: '점검 안내', message: '오늘 밤 점검이 있어요.' });
    await section(page, 'sms');
    const [, m, d] = seoulToday().split('-').map(Number);
    const today = new RegExp(`^${m}/${d} \\(`);
    await page.locator('#sms-daily .bar').first().waitFor();
    expect(await barValue(page, '#sms-daily', today)).toBe(3);
    expect(await page.locator('#sms-log').textContent()).toContain('+8210****0001');
    await section(page, 'notifications');
    await page.locator('#delivery-rates .bar').first().waitFor();
    expect(await barValue(page, '#delivery-rates', /^앱$/)).toBe(1);
    expect(await barValue(page, '#notifications-daily', today)).toBe(1);

    expect(desk.problems).toEqual([]);
  });
});
