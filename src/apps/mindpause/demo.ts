import { randomBytes } from 'node:crypto';
import { type DemoContext, type DemoPerson, seoulDaysAgo, seoulInstant } from '../../platform/demo';
import { isoWeekday } from '../../platform/time';
import { challengeCheckIns } from './schema';

const MOOD_DAYS = 35;

/** What 김민지 feels, with the words she would write, heavier on weekdays and lighter at weekends. */
const WEEKDAY_MOODS = ['stress', 'tiredness', 'anxiety', 'calm', 'gratitude', 'joy', 'stress', 'tiredness'] as const;
const WEEKEND_MOODS = ['joy', 'calm', 'gratitude', 'excitement', 'loneliness', 'calm', 'sadness'] as const;
const NOTES: Record<string, string[]> = {
  joy: ['오랜만에 친구들이랑 맛있는 저녁을 먹었다', '프로젝트 발표가 잘 끝났다!'],
  calm: ['아침 산책하면서 마음이 차분해졌다', '따뜻한 차 한 잔 마시며 쉬는 중'],
  gratitude: ['동료가 커피를 사줬다. 고마운 하루', '엄마랑 오래 통화했다'],
  excitement: ['다음 주 제주도 여행 준비 중!', '새로 시작한 필라테스가 재밌다'],
  sadness: ['비가 와서 괜히 울적하다', '좋아하던 카페가 문을 닫았다'],
  anxiety: ['내일 발표가 걱정된다', '누워도 내일 할 일이 계속 떠오른다'],
  anger: ['출근길 지하철에서 새치기를 당했다'],
  loneliness: ['퇴근 후 집이 유난히 조용하다'],
  tiredness: ['야근 3일째… 너무 피곤하다', '잠을 설쳐서 하루 종일 멍했다'],
  stress: ['마감이 겹쳐서 정신이 없다', '회의가 하루에 다섯 개'],
};
const TAGS = ['회사', '가족', '친구', '운동', '수면', '날씨', '건강'];
const ACTIVITIES = ['업무', '산책', '요가', '독서', '요리', '명상', '출퇴근', '넷플릭스'];

/**
 * MindPause: five weeks of 김민지's moods, her challenges with their check-ins, a few days of the
 * community (posts, comments, likes, a spam post she reported) and a counselling conversation.
 */
export async function seedDemo({ api, people: { demo, friend }, db, random }: DemoContext): Promise<string> {
  const post = <T = { id: number }>(as: DemoPerson, url: string, body?: unknown) => api.call<T>('POST', url, { as, body });
  const patch = (as: DemoPerson, url: string, body: unknown) => api.call('PATCH', url, { as, body });
  const now = Date.now();

  let moods = 0;
  for (let daysAgo = MOOD_DAYS - 1; daysAgo >= 0; daysAgo--) {
    const date = seoulDaysAgo(daysAgo);
    const weekend = isoWeekday(date) >= 6;
    for (const hour of random.chance(0.4) ? [8, 22] : [random.pick([12, 19, 21, 23])]) {
      const feltAt = seoulInstant(date, hour, random.int(0, 59));
      if (random.chance(0.12) || feltAt.getTime() > now) continue;
      const emotion = random.pick(weekend ? WEEKEND_MOODS : WEEKDAY_MOODS);
      await post(demo, '/api/v1/emotions', {
        emotion,
        intensity: random.int(3, 9),
        note: random.chance(0.6) ? random.pick(NOTES[emotion]!) : undefined,
        tags: [...new Set([random.pick(TAGS), random.pick(TAGS)])],
        activities: [random.pick(ACTIVITIES)],
        feltAt: feltAt.toISOString(),
      });
      moods++;
    }
  }

  // Past days' check-ins are history no route can write (a check-in is always today's); today's
  // goes through the route, which counts them all and completes the challenge that reaches its target.
  const challenge = async (body: Record<string, unknown>, pastDays: number[], today?: { note?: string }) => {
    const { id } = await post(demo, '/api/v1/challenges', body);
    if (pastDays.length)
      await db
        .insert(challengeCheckIns)
        .values(pastDays.map((daysAgo) => ({ challengeId: id, day: seoulDaysAgo(daysAgo), note: null, createdAt: seoulInstant(seoulDaysAgo(daysAgo), 22) })));
    if (today) await patch(demo, `/api/v1/challenges/${id}`, { checkIn: today });
  };
  const keptDays = (from: number, skipped: number[]) => Array.from({ length: from }, (_, i) => from - i).filter((d) => !skipped.includes(d));
  await challenge(
    {
      title: '하루 세 줄 감사 일기',
      description: '자기 전에 오늘 고마웠던 일 세 가지 적기',
      category: 'gratitude',
      targetDays: 21,
      startDate: seoulDaysAgo(13),
    },
    keptDays(13, [9, 4]),
    { note: '퇴근길에 본 노을, 점심의 김치찌개, 친구의 안부 문자' },
  );
  await challenge({ title: '매일 10분 명상', category: 'meditation', targetDays: 30, startDate: seoulDaysAgo(20) }, keptDays(20, [17, 16, 11, 6, 2]), {});
  await challenge({ title: '자기 전 30분 스마트폰 내려놓기', category: 'digital_detox', targetDays: 7, startDate: seoulDaysAgo(6) }, keptDays(6, []), {
    note: '일주일 성공! 잠드는 시간이 빨라졌다',
  });
  await challenge({ title: '주 3회 30분 걷기', category: 'exercise', targetDays: 12, startDate: seoulDaysAgo(-3) }, []);

  const tips = await post(friend, '/api/v1/community/posts', {
    category: 'tips',
    title: '불안할 때 제가 쓰는 4-7-8 호흡법',
    content: '4초 들이쉬고, 7초 참고, 8초 동안 천천히 내쉬어요. 네 번만 반복해도 심장이 차분해지는 게 느껴져요. 자기 전에 특히 좋아요.',
  });
  await post(friend, '/api/v1/community/posts', {
    category: 'daily',
    title: '퇴근길 하늘이 예뻤어요',
    content: '오늘 하늘이 분홍빛이라 한참 보고 왔어요. 다들 오늘 하루도 수고 많으셨어요 :)',
  });
  const thanks = await post(demo, '/api/v1/community/posts', {
    category: 'gratitude',
    title: '오늘의 감사 세 가지',
    content: '1. 아침에 버스를 딱 맞춰 탔다\n2. 동료가 내 일을 도와줬다\n3. 저녁에 엄마가 반찬을 보내주셨다',
  });
  const worry = await post(demo, '/api/v1/community/posts', {
    category: 'worry',
    title: '회사 일 때문에 잠을 못 자요',
    content: '요즘 마감이 몰려서 누워도 머릿속이 계속 돌아가요. 다들 일 생각 끄는 방법이 있으신가요?',
    isAnonymous: true,
  });
  await post(friend, `/api/v1/community/posts/${worry.id}/comments`, {
    content: '저도 그랬어요. 자기 전에 내일 할 일을 종이에 적어두면 머리가 좀 비워지더라고요.',
  });
  await post(demo, `/api/v1/community/posts/${worry.id}/comments`, { content: '좋은 방법이네요. 오늘 밤에 해볼게요, 고마워요!' });
  await post(demo, `/api/v1/community/posts/${tips.id}/comments`, { content: '어제 해봤는데 정말 도움이 됐어요 🙏' });
  await post(demo, `/api/v1/community/posts/${tips.id}/like`);
  await post(friend, `/api/v1/community/posts/${thanks.id}/like`);

  // Someone who came only to advertise; 김민지 reports the post, and it waits in the moderation queue.
  const bot = await api.call<{ accessToken: string; user: { id: number } }>('POST', '/api/v1/auth/register', {
    body: { email: 'promo.bot@example.com', password: `${randomBytes(12).toString('base64url')}7a`, nickname: '부업왕' },
  });
  const spammer: DemoPerson = { id: bot.user.id, token: bot.accessToken, email: 'promo.bot@example.com', name: '부업왕' };
  const spam = await post(spammer, '/api/v1/community/posts', {
    category: 'free',
    title: '💰 하루 10분으로 월 300 버는 법',
    content: '누구나 가능! 지금 바로 오픈채팅 들어오세요 👉 open.kakao.example/abc',
  });
  await post(demo, `/api/v1/community/posts/${spam.id}/report`, { reason: 'spam', note: '광고 글이에요' });

  const conversation = await post(demo, '/api/v1/chat/conversations', { title: '요즘 잠을 잘 못 자요' });
  const said = [
    '요즘 회사 일 때문에 밤에 잠이 잘 안 와요. 누워도 계속 내일 할 일이 떠올라요.',
    '어제는 새벽 3시까지 뒤척였어요. 아침에 일어나기가 너무 힘들어요.',
    '알려주신 방법 오늘 밤에 해볼게요. 고마워요.',
  ];
  for (const content of said) await post(demo, `/api/v1/chat/conversations/${conversation.id}/messages`, { content });
  return `${moods} moods over ${MOOD_DAYS} days, 4 challenges (1 completed today), 5 posts with comments and likes, 1 report waiting for review, a counselling conversation of ${said.length} exchanges`;
}
