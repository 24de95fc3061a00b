import { existsSync } from 'node:fs';
import { type Browser, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, startTestApp, uniqueEmail } from '../support/app';
import { PASSWORD, account } from '../support/mimo';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
];

describe.skipIf(!existsSync(CHROMIUM))('MIMO live view in the browser', () => {
  let t: TestApp;
  let browser: Browser;
  beforeAll(async () => {
    // No STUN server to reach from here: the two pages find each other by their host candidates.
    [t, browser] = await Promise.all([startTestApp('mimo', { RTC_STUN_URLS: 'none' }), chromium.launch({ executablePath: CHROMIUM, args: ARGS })]);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** A page in a browser context of its own (its own storage: another person’s phone), noting what the CSP blocks. */
  const open = async (path: string) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${t.api.baseUrl}${path}`);
    return { page, problems };
  };
  const signIn = async (page: Page, email: string) => {
    await page.fill('#sign-in input[name=email]', email);
    await page.fill('#sign-in input[name=password]', PASSWORD);
    await page.click('#sign-in button[type=submit]');
  };

  /** Video frames arrive at the page: its video has a size and its clock runs on. */
  const framesArrive = async (page: Page) => {
    const video = await page.locator('#remote').elementHandle();
    await page.waitForFunction((v: any) => v.videoWidth > 0 && v.currentTime > 0, video, { timeout: 20_000 });
    const then = await video!.evaluate((v: any) => v.currentTime as number);
    await page.waitForFunction(([v, t0]: [any, number]) => v.currentTime > t0 + 0.5, [video, then] as const, { timeout: 10_000 });
  };

  it('streams the camera page’s camera to a viewer who paired by its PIN, through our signalling, to several viewers, until the owner revokes one', async () => {
    const [owner, viewer] = [await account(t, ['USER'], '집주인'), await account(t, ['USER'], '가족')];

    const cameraPage = await open('/live/camera');
    await signIn(cameraPage.page, owner.email);
    await cameraPage.page.fill('#register input[name=name]', '거실 카메라');
    await cameraPage.page.click('#register button');
    await cameraPage.page.locator('#pin', { hasText: /^\d{6}$/ }).waitFor({ timeout: 15_000 });
    const pin = (await cameraPage.page.textContent('#pin'))!;
    expect(await cameraPage.page.getAttribute('#qr', 'src')).toMatch(/^data:image\/png;base64,/);
    const cameras = await t.api.get('/api/cameras', { token: owner.token });
    expect(cameras.body.data.items).toEqual([expect.objectContaining({ name: '거실 카메라', status: 'online' })]);

    const viewerPage = await open('/live/viewer');
    await signIn(viewerPage.page, viewer.email);
    await viewerPage.page.fill('#pair input[name=pin]', pin);
    await viewerPage.page.click('#pair button');

    await framesArrive(viewerPage.page);
    await cameraPage.page.locator('#viewer-count', { hasText: /^1$/ }).waitFor();
    expect(await viewerPage.page.textContent('#viewer-count')).toBe('1');

    // The owner watches too, from another phone: one camera, two viewers, a connection each.
    const cameraId = cameras.body.data.items[0].id;
    const ownerPage = await open(`/live/viewer?camera=${cameraId}`);
    await signIn(ownerPage.page, owner.email);
    await framesArrive(ownerPage.page);
    await cameraPage.page.locator('#viewer-count', { hasText: /^2$/ }).waitFor();
    await viewerPage.page.locator('#viewer-count', { hasText: /^2$/ }).waitFor();
    for (const page of [cameraPage, viewerPage, ownerPage]) expect(await page.page.textContent('#error')).toBe('');

    // The owner revokes the viewer: the viewer page hears it and hangs up; the owner keeps watching.
    const revoked = await t.api.delete(`/api/connection/${cameraId}/viewers/${viewer.id}`, { token: owner.token });
    expect(revoked.status).toBe(200);
    await viewerPage.page.locator('#status', { hasText: '카메라 주인이 시청 권한을 거두었습니다.' }).waitFor({ timeout: 10_000 });
    await cameraPage.page.locator('#viewer-count', { hasText: /^1$/ }).waitFor({ timeout: 10_000 });
    await framesArrive(ownerPage.page);

    // Nothing the pages do is blocked by their Content-Security-Policy, and nothing throws.
    expect(cameraPage.problems).toEqual([]);
    expect(viewerPage.problems).toEqual([]);
    expect(ownerPage.problems).toEqual([]);
  });

  it('lets a newcomer sign up on the viewer page, sign out, and sign in again on the camera page', async () => {
    const email = uniqueEmail('live');
    const viewerPage = await open('/live/viewer');
    await viewerPage.page.click('#to-sign-up');
    await viewerPage.page.fill('#sign-up input[name=email]', email);
    await viewerPage.page.fill('#sign-up input[name=password]', 'short');
    await viewerPage.page.fill('#sign-up input[name=name]', '새 가족');
    await viewerPage.page.check('#sign-up input[name=terms]');
    await viewerPage.page.check('#sign-up input[name=privacy]');
    await viewerPage.page.click('#sign-up button[type=submit]');
    // The browser's own check stops a password under 8 characters; one the server refuses is explained.
    await viewerPage.page.fill('#sign-up input[name=password]', 'onlyletters');
    await viewerPage.page.click('#sign-up button[type=submit]');
    await viewerPage.page.locator('#error', { hasText: /\S/ }).waitFor({ timeout: 15_000 });
    await viewerPage.page.fill('#sign-up input[name=password]', PASSWORD);
    await viewerPage.page.click('#sign-up button[type=submit]');
    await viewerPage.page.locator('#pair').waitFor({ timeout: 15_000 });
    await viewerPage.page.locator('#who', { hasText: email }).waitFor();
    const login = await t.api.post('/api/auth/login', { body: { email, password: PASSWORD } });
    expect(login.status).toBe(200);
    const profile = await t.api.get('/api/profile', { token: login.body.data.accessToken });
    expect(profile.body.data.user).toMatchObject({ email, name: '새 가족', agreements: { terms: true, privacy: true, marketing: false } });

    await viewerPage.page.click('#sign-out');
    await viewerPage.page.locator('#sign-in').waitFor({ timeout: 15_000 });
    expect(await viewerPage.page.isHidden('#pair')).toBe(true);

    const cameraPage = await open('/live/camera');
    await signIn(cameraPage.page, email);
    await cameraPage.page.locator('#register').waitFor({ timeout: 15_000 });
    await cameraPage.page.locator('#who', { hasText: email }).waitFor();
    expect(viewerPage.problems.filter((p) => !p.includes('400'))).toEqual([]);
    expect(cameraPage.problems).toEqual([]);
  });
});
