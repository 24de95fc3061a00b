import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seoulToday } from '../../src/platform/time';
import { type TestApp, startTestApp, uniqueEmail } from '../support/app';
import { barValue, hasChromium, launchBrowser, openPage } from '../support/browser';
import { PASSWORD, acquaint } from '../support/fitmate';

const today = () => {
  const [, m, d] = seoulToday().split('-').map(Number);
  return new RegExp(`^${m}/${d} \\(`);
};

describe.skipIf(!hasChromium)('FitMate page for people, in the browser', () => {
  let t: TestApp;
  let browser: Browser;
  beforeAll(async () => {
    [t, browser] = await Promise.all([startTestApp('fitmate'), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const signUp = async (page: Page, name: string) => {
    const email = uniqueEmail('page');
    await page.click('.tabs button:has-text("회원가입")');
    await page.fill('#sign-up input[name=email]', email);
    await page.fill('#sign-up input[name=password]', PASSWORD);
    await page.fill('#sign-up input[name=name]', name);
    await page.click('#sign-up button[type=submit]');
    await page.locator('#me').waitFor();
    const id = Number(/내 ID (\d+)/.exec((await page.textContent('#me'))!)![1]);
    return { email, id };
  };

  it('signs up, logs a workout that the week’s chart then shows, and chats with another person in real time', async () => {
    const first = await openPage(browser, `${t.api.baseUrl}/app`);
    const second = await openPage(browser, `${t.api.baseUrl}/app`);
    const [a, b] = [await signUp(first.page, '김하나'), await signUp(second.page, '이두리')];
    // FitMate chats only between people who know each other in the app: the staff introduce them.
    await acquaint(t, a, b);

    // A workout, and the week's chart drawn from the statistics the server computed from it.
    await first.page.locator('#workout select[name=exerciseId] option').first().waitFor({ state: 'attached' });
    const exercise = (await first.page.locator('#workout select[name=exerciseId] option').first().textContent())!;
    await first.page.fill('#workout input[name=minutes]', '45');
    await first.page.click('#workout button[type=submit]');
    await first.page.locator('#saved', { hasText: `${exercise} 45분을 기록했습니다` }).waitFor();
    await first.page.locator('#week-totals', { hasText: '운동 1회 · 45분' }).waitFor();
    expect(await barValue(first.page, '#week-chart', today())).toBe(45);
    const login = await t.api.post('/api/auth/login', { body: { email: a.email, password: PASSWORD } });
    const stats = await t.api.get('/api/workouts/statistics?period=week', { token: login.body.data.accessToken });
    expect(stats.body.data.totals).toMatchObject({ workouts: 1, minutes: 45 });

    // Each opens the one-to-one room with the other's ID (the same room), and they talk.
    for (const [page, other] of [
      [first.page, b.id],
      [second.page, a.id],
    ] as const) {
      await page.locator('#socket-state', { hasText: '연결됨' }).waitFor();
      await page.fill('#open-chat input[name=userId]', String(other));
      await page.click('#open-chat button[type=submit]');
      await page.locator('#messages').waitFor();
    }
    await first.page.fill('#send input[name=message]', '같이 스쿼트 해요!');
    await first.page.click('#send button[type=submit]');
    await second.page.locator('#messages .text', { hasText: '같이 스쿼트 해요!' }).waitFor();
    await second.page.fill('#send input[name=message]', '좋아요, 내일 봐요');
    await second.page.click('#send button[type=submit]');
    await first.page.locator('#messages .text', { hasText: '좋아요, 내일 봐요' }).waitFor();
    expect(await first.page.locator('#messages .mine .text').allTextContents()).toEqual(['같이 스쿼트 해요!']);

    // Nothing the page does is blocked by its Content-Security-Policy, and nothing throws.
    expect(first.problems).toEqual([]);
    expect(second.problems).toEqual([]);
  });
});
