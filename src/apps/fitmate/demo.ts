import type { DemoContext, DemoPerson, InProcessApi } from '../../platform/demo';
import { seoulDaysAgo } from '../../platform/demo';
import { isoWeekday } from '../../platform/time';

const WEEKS = 6;

/** A catalog exercise by its Korean name, through the search route. */
async function exerciseId(api: InProcessApi, nameKr: string): Promise<number> {
  const page = await api.call<{ items: Array<{ id: number; nameKr: string }> }>('GET', `/api/exercises/search?q=${encodeURIComponent(nameKr)}&limit=20`);
  const found = page.items.find((item) => item.nameKr === nameKr);
  if (!found) throw new Error(`the catalog has no exercise named ${nameKr}`);
  return found.id;
}

const clock = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
/** 0 = Sunday … 6 = Saturday, for a Seoul date. */
const weekday = (date: string) => isoWeekday(date) % 7;

/**
 * FitMate: six weeks of 김민지's workouts (running, strength, yoga, hiking), weekly body records
 * from 60.4 kg down to 58.5 kg, four goals (one completed), and a chat with 이준호.
 */
export async function seedDemo({ api, people: { demo, friend, admin }, random }: DemoContext): Promise<string> {
  const post = (as: DemoPerson, url: string, body?: unknown) => api.call<{ id: number }>('POST', url, { as, body });
  await api.call('PUT', '/api/users/profile', {
    as: demo,
    body: {
      height: 163,
      weight: 58.5,
      age: 29,
      gender: 'FEMALE',
      fitnessLevel: 'INTERMEDIATE',
      workoutGoals: ['WEIGHT_LOSS', 'ENDURANCE'],
      availableEquipment: ['DUMBBELL', 'YOGA_MAT', 'JUMP_ROPE'],
      availableWorkoutTime: 50,
    },
  });
  await api.call('PUT', '/api/users/profile', {
    as: friend,
    body: { height: 176, weight: 74, age: 31, gender: 'MALE', fitnessLevel: 'BEGINNER', workoutGoals: ['MUSCLE_GAIN'], availableEquipment: ['PULL_UP_BAR'] },
  });

  const ids = Object.fromEntries(
    await Promise.all(
      ['조깅', '바벨 백 스쿼트', '덤벨 벤치 프레스', '플랭크', '빈야사 요가', '등산', '줄넘기', '푸시업', '풀업'].map(
        async (name) => [name, await exerciseId(api, name)] as const,
      ),
    ),
  );

  // Body records first: calories left out of a workout come from the weight of its day.
  const bodyDays = WEEKS * 7;
  for (let week = WEEKS; week >= 0; week--) {
    const progress = (WEEKS - week) / WEEKS;
    await post(demo, `/api/users/${demo.id}/body-records`, {
      measurementDate: seoulDaysAgo(week * 7),
      measurementTime: '07:30',
      weightKg: Math.round((60.4 - 1.9 * progress + (random.next() - 0.5) * 0.3) * 10) / 10,
      bodyFatPercentage: Math.round((27.5 - 1.6 * progress) * 10) / 10,
      muscleMassKg: Math.round((22.1 + 0.5 * progress) * 10) / 10,
      waistCm: Math.round((72 - 2 * progress) * 10) / 10,
      notes: week === WEEKS ? '다이어트 시작! 아침 공복 측정' : null,
    });
  }

  let workouts = 0;
  for (let daysAgo = bodyDays - 1; daysAgo >= 0; daysAgo--) {
    const date = seoulDaysAgo(daysAgo);
    const week = Math.floor((bodyDays - 1 - daysAgo) / 7);
    // One planned day in six is skipped, as people do.
    if (daysAgo > 0 && random.chance(1 / 6)) continue;
    const plan = planFor(weekday(date), week, random, ids);
    let start = plan.startAt;
    for (const session of plan.sessions) {
      await post(demo, '/api/workouts', { ...session, workoutDate: date, startTime: clock(start), endTime: clock(start + session.durationMinutes) });
      start += session.durationMinutes + 5;
      workouts++;
    }
  }
  // 이준호 starts out with push-ups and pull-ups three times a week.
  for (let daysAgo = 20; daysAgo >= 0; daysAgo -= random.int(2, 3)) {
    await post(friend, '/api/workouts', {
      exerciseId: ids['푸시업'],
      durationMinutes: 15,
      sets: 3,
      repetitions: 12 + Math.floor((20 - daysAgo) / 5),
      workoutDate: seoulDaysAgo(daysAgo),
      startTime: '21:00',
      endTime: '21:15',
      location: '집',
    });
    await post(friend, '/api/workouts', {
      exerciseId: ids['풀업'],
      durationMinutes: 10,
      sets: 3,
      repetitions: 4 + Math.floor((20 - daysAgo) / 7),
      workoutDate: seoulDaysAgo(daysAgo),
      startTime: '21:20',
      endTime: '21:30',
      location: '집 앞 공원',
    });
    workouts += 2;
  }

  const goal = (body: Record<string, unknown>) => post(demo, '/api/goals', body);
  await goal({
    goalType: 'WEIGHT_LOSS',
    title: '여름 전까지 56kg 만들기',
    description: '주 4회 운동, 야식 끊기',
    motivationNote: '작년에 산 원피스 다시 입기!',
    targetValue: 56,
    unit: 'kg',
    startDate: seoulDaysAgo(bodyDays),
    targetDate: seoulDaysAgo(-60),
  });
  await goal({ goalType: 'ENDURANCE', title: '한 달 달리기 600분', targetValue: 600, unit: '분', startDate: seoulDaysAgo(27), targetDate: seoulDaysAgo(-3) });
  await goal({
    goalType: 'GENERAL_FITNESS',
    title: '운동한 날 30일 채우기',
    targetValue: 30,
    unit: '일',
    startDate: seoulDaysAgo(bodyDays),
    targetDate: seoulDaysAgo(-14),
  });
  const squat = await goal({
    goalType: 'STRENGTH',
    title: '바벨 스쿼트 40kg 성공',
    targetValue: 40,
    unit: 'kg',
    startDate: seoulDaysAgo(bodyDays),
    targetDate: seoulDaysAgo(-30),
  });
  await post(demo, `/api/goals/${squat.id}/complete`);

  // FitMate chats only between people who know each other in the app: they met in the staff's
  // running crew room, and then talk one to one.
  const crew = await post(admin, '/api/chat/rooms', { roomType: 'group', name: '한강 러닝 크루', participantIds: [demo.id, friend.id] });
  await post(admin, `/api/chat/rooms/${crew.id}/messages`, { message: '이번 주 토요일 아침 7시, 여의나루역에서 모여요! 🏃' });
  const room = await post(demo, '/api/chat/rooms', { roomType: 'individual', participantIds: [friend.id] });
  const chat: Array<[DemoPerson, string]> = [
    [friend, '민지 씨, 오늘 저녁에 한강에서 같이 뛸래요?'],
    [demo, '좋아요! 7시 반에 여의나루역 2번 출구 어때요?'],
    [friend, '딱 좋네요. 요즘 페이스는 어느 정도 나와요?'],
    [demo, '1km에 6분 30초 정도요. 준호 씨는요?'],
    [friend, '저는 아직 7분대예요 😅 천천히 같이 뛰어 주세요'],
    [demo, '그럼요. 끝나고 스트레칭도 같이 해요. 기록하는 것도 잊지 마시고요!'],
    [friend, 'ㅎㅎ 네, 이따 봬요!'],
  ];
  for (const [as, message] of chat) await post(as, `/api/chat/rooms/${room.id}/messages`, { message });
  await post(friend, `/api/chat/rooms/${room.id}/read`);
  return `${workouts} workouts, ${WEEKS + 1} body records, 4 goals (1 completed), a chat of ${chat.length} messages between ${demo.name} and ${friend.name}`;
}

type Session = { exerciseId: number; durationMinutes: number } & Record<string, unknown>;

/** A day's workouts, one after the other from `startAt` (minutes after midnight). */
interface Plan {
  startAt: number;
  sessions: Session[];
}

/** What 김민지 does on a weekday of a given week (0–5): she gets a little stronger and faster each week. */
function planFor(day: number, week: number, random: DemoContext['random'], ids: Record<string, number>): Plan {
  const mood = () => random.pick(['FAIR', 'GOOD', 'GOOD', 'EXCELLENT'] as const);
  switch (day) {
    case 1:
    case 3: {
      const minutes = random.int(30, 40) + week;
      return {
        startAt: 7 * 60,
        sessions: [
          {
            exerciseId: ids['조깅']!,
            durationMinutes: minutes,
            distanceKm: Math.round((minutes * (7.6 + week * 0.15) * 10) / 60) / 10,
            heartRateAvg: random.int(140, 152),
            heartRateMax: random.int(165, 178),
            perceivedExertion: random.int(5, 7),
            location: '한강공원 여의도 지구',
            moodBefore: 'FAIR',
            moodAfter: mood(),
            notes: random.chance(0.3) ? random.pick(['바람이 선선해서 뛰기 좋았다', '마지막 1km는 조금 힘들었다', '음악 들으며 가볍게']) : null,
          },
        ],
      };
    }
    case 2:
    case 5:
      return {
        startAt: 19 * 60 + 30,
        sessions: [
          {
            exerciseId: ids['바벨 백 스쿼트']!,
            durationMinutes: 20,
            sets: 4,
            repetitions: 10,
            weightKg: Math.min(40, 30 + week * 2),
            perceivedExertion: random.int(6, 8),
            location: '동네 헬스장',
            moodBefore: 'GOOD',
            moodAfter: mood(),
          },
          { exerciseId: ids['덤벨 벤치 프레스']!, durationMinutes: 15, sets: 3, repetitions: 12, weightKg: 8 + Math.floor(week / 2), location: '동네 헬스장' },
          { exerciseId: ids['플랭크']!, durationMinutes: 5, sets: 3, location: '동네 헬스장', notes: '1분씩 3세트' },
        ],
      };
    case 4:
      return {
        startAt: 21 * 60,
        sessions: [
          {
            exerciseId: ids['빈야사 요가']!,
            durationMinutes: 50,
            location: '집',
            moodBefore: 'POOR',
            moodAfter: 'GOOD',
            notes: random.chance(0.5) ? '퇴근 후 요가로 하루 마무리' : null,
          },
        ],
      };
    case 6:
      return random.chance(0.5)
        ? {
            startAt: 8 * 60,
            sessions: [
              {
                exerciseId: ids['등산']!,
                durationMinutes: random.int(100, 140),
                distanceKm: 6.5,
                heartRateAvg: 128,
                heartRateMax: 162,
                location: '북한산 백운대',
                moodAfter: 'EXCELLENT',
                notes: '정상에서 본 서울 풍경 최고',
              },
            ],
          }
        : { startAt: 10 * 60, sessions: [{ exerciseId: ids['줄넘기']!, durationMinutes: 15, repetitions: 1500, location: '아파트 놀이터' }] };
    default:
      return { startAt: 0, sessions: [] };
  }
}
