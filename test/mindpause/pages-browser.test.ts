import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seoulToday } from '../../src/platform/time';
import { type TestApp, startTestApp, uniqueEmail } from '../support/app';
import { barValue, hasChromium, launchBrowser, openPage } from '../support/browser';
import { type FakeOpenAi, startFakeOpenAi } from '../support/fake-openai';
import { PASSWORD } from '../support/mindpause';

const REPLY = '오늘 하루 정말 애쓰셨어요. 잠깐 숨을 고르고, 지금 마음에 가장 크게 남은 일을 하나만 이야기해 주실래요?';

describe.skipIf(!hasChromium)('마음쉼표 page for people, in the browser', () => {
  let t: TestApp;
  let browser: Browser;
  let fake: FakeOpenAi;
  beforeAll(async () => {
    fake = await startFakeOpenAi();
    [t, browser] = await Promise.all([
      startTestApp('mindpause', { OPENAI_API_KEY: fake.apiKey, OPENAI_BASE_URL: fake.url, OPENAI_MODEL: 'gpt-test-mini', OPENAI_MODERATION: 'false' }),
      launchBrowser(),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await fake?.close();
  });

  const signUp = async (page: Page) => {
    const email = uniqueEmail('mood');
    await page.click('.tabs button:has-text("회원가입")');
    await page.fill('#sign-up input[name=email]', email);
    await page.fill('#sign-up input[name=password]', PASSWORD);
    await page.fill('#sign-up input[name=name]', '하늘');
    await page.click('#sign-up button[type=submit]');
    await page.locator('#me').waitFor();
    return email;
  };

  it('signs up, records a mood that the week’s chart shows, and hears the counsellor’s reply as it streams', async () => {
    const { page, problems } = await openPage(browser, `${t.api.baseUrl}/app`);
    const email = await signUp(page);
    await page.locator('#inbox', { hasText: '읽지 않은 알림 0개' }).waitFor();

    await page.locator('#mood select[name=emotion] option[value=gratitude]').waitFor({ state: 'attached' });
    await page.selectOption('#mood select[name=emotion]', 'gratitude');
    await page.fill('#mood input[name=note]', '친구가 안부를 물어 줬다');
    await page.click('#mood button[type=submit]');
    await page.locator('#saved', { hasText: '감사' }).waitFor();
    await page.locator('#week-totals', { hasText: '기록 1개' }).waitFor();
    const [, m, d] = seoulToday().split('-').map(Number);
    expect(await barValue(page, '#week-chart', new RegExp(`^${m}/${d} \\(.* 감사$`))).toBe(1);

    // The fake provider sends the reply in eight-character pieces, slowly: the page shows it growing.
    fake.behaviour.reply = () => REPLY;
    fake.behaviour.chunkDelayMs = 250;
    await page.fill('#ask input[name=content]', '요즘 일이 많아서 지쳐요');
    await page.click('#ask button[type=submit]');
    const reply = page.locator('#conversation [data-role=assistant]');
    // Part of the model's words is on the page before the rest has come (the first reply of a
    // conversation starts by saying that it is an AI).
    await page.waitForFunction(
      (full) => {
        const text: string = (globalThis as any).document.querySelector('#conversation [data-role=assistant]')?.textContent ?? '';
        return text.includes(full.slice(0, 8)) && !text.includes(full);
      },
      REPLY,
      { timeout: 20_000 },
    );
    await page.locator('#conversation [data-role=assistant][data-source=model]').waitFor();
    const shown = (await reply.textContent())!;
    expect(shown.endsWith(REPLY)).toBe(true);
    expect(fake.chats().at(-1)!.messages.at(-1)).toMatchObject({ role: 'user', content: '요즘 일이 많아서 지쳐요' });

    // What the page showed is what the server kept.
    const login = await t.api.post('/api/v1/auth/login', { body: { email, password: PASSWORD } });
    const token = login.body.data.accessToken;
    const conversations = await t.api.get('/api/v1/chat/conversations', { token });
    const kept = await t.api.get(`/api/v1/chat/conversations/${conversations.body.data.items[0].id}`, { token });
    expect(kept.body.data.messages.map((message: { content: string }) => message.content)).toEqual(['요즘 일이 많아서 지쳐요', shown]);
    expect(problems).toEqual([]);
  });
});
