import { eq } from 'drizzle-orm';
import { type DemoContext, type DemoPerson, seoulDaysAgo, seoulInstant } from '../../platform/demo';
import { cameraStatusLog, cameras } from './schema';

const HISTORY_DAYS = 7;
const HOUR = 3_600_000;

interface DemoCamera {
  name: string;
  device: string;
  location: string;
  /** Whether it is on now; the last one went offline last night and has not come back. */
  online: boolean;
  settings: Record<string, unknown>;
}

const CAMERAS: DemoCamera[] = [
  {
    name: '거실 카메라',
    device: 'living-room',
    location: '거실',
    online: true,
    settings: { motionDetection: true, motionSensitivity: 70, soundDetection: true, nightVision: true, recordingQuality: 'high' },
  },
  {
    name: '아기방 카메라',
    device: 'nursery',
    location: '아기방',
    online: true,
    settings: { motionDetection: true, motionSensitivity: 85, soundDetection: true, nightVision: true, recordingQuality: 'medium' },
  },
  {
    name: '현관 카메라',
    device: 'front-door',
    location: '현관',
    online: false,
    settings: { motionDetection: true, motionSensitivity: 60, soundDetection: false, nightVision: false, recordingQuality: 'medium' },
  },
];

/**
 * MIMO: 김민지's three phones left at home as cameras, with a week of status history and motion
 * and sound events; 이준호 pairs with the living-room camera by its PIN; her settings.
 */
export async function seedDemo({ api, people: { demo, friend }, db, random }: DemoContext): Promise<string> {
  const post = <T = { id: number }>(as: DemoPerson, url: string, body?: unknown) => api.call<T>('POST', url, { as, body });
  const registeredAt = seoulInstant(seoulDaysAgo(HISTORY_DAYS + 1), 20);
  const now = Date.now();
  let events = 0;

  for (const [index, spec] of CAMERAS.entries()) {
    const { camera } = await post<{ camera: { id: number } }>(demo, '/api/cameras', {
      name: spec.name,
      deviceId: `demo-galaxy-s${10 + index}-${spec.device}`,
      location: spec.location,
      firmware: 'mimo-android 2.4.1',
    });
    await api.call('PUT', `/api/cameras/${camera.id}/settings`, { as: demo, body: spec.settings });

    // A week on the shelf: registered eight days ago, online since, with the drop-outs a phone on
    // home Wi-Fi has. History no route can back-date; the status now comes from a real heartbeat.
    const changes: Array<{ status: 'online' | 'offline'; at: Date }> = [{ status: 'online', at: new Date(registeredAt.getTime() + 5 * 60_000) }];
    for (let daysAgo = HISTORY_DAYS; daysAgo >= 1; daysAgo--) {
      if (!random.chance(0.5)) continue;
      const down = seoulInstant(seoulDaysAgo(daysAgo), random.int(1, 5), random.int(0, 59));
      changes.push({ status: 'offline', at: down }, { status: 'online', at: new Date(down.getTime() + random.int(10, 90) * 60_000) });
    }
    const lastNight = seoulInstant(seoulDaysAgo(1), 23, 10);
    // The last change before now is offline, so a beat now brings it online, as the sweeper would have left it.
    changes.push({ status: 'offline', at: spec.online ? new Date(now - HOUR) : lastNight });
    await db.insert(cameraStatusLog).values(changes.map((change) => ({ cameraId: camera.id, status: change.status, changedAt: change.at })));
    const lastBeat = spec.online ? new Date(now - HOUR - 90_000) : new Date(lastNight.getTime() - 90_000);
    await db.update(cameras).set({ createdAt: registeredAt, lastSeen: lastBeat, lastHeartbeat: lastBeat }).where(eq(cameras.id, camera.id));
    if (spec.online) await post(demo, `/api/cameras/${camera.id}/heartbeat`);

    for (let daysAgo = HISTORY_DAYS - 1; daysAgo >= 0; daysAgo--) {
      for (let n = random.int(1, 4); n > 0; n--) {
        const startedAt = seoulInstant(seoulDaysAgo(daysAgo), random.int(0, 23), random.int(0, 59));
        if (startedAt.getTime() > now - HOUR || (!spec.online && startedAt > lastNight)) continue;
        const sound = spec.settings.soundDetection === true && random.chance(0.3);
        const duration = random.int(5, 40);
        const event = await post(demo, '/api/events', {
          cameraId: camera.id,
          type: sound ? 'sound' : 'motion',
          startedAt: startedAt.toISOString(),
          endedAt: new Date(startedAt.getTime() + duration * 1000).toISOString(),
          score: sound ? random.int(35, 80) : random.int(40, 97),
          confidence: Math.round((0.6 + random.next() * 0.39) * 100) / 100,
          metadata: sound
            ? { label: random.pick(['아기 울음', '초인종', '유리 깨지는 소리', '큰 소리']) }
            : { zone: random.pick(['소파 주변', '창가', '문 앞', '침대 옆']) },
        });
        if (daysAgo > 0) await api.call('PUT', `/api/events/${event.id}`, { as: demo, body: { acknowledged: true } });
        if (random.chance(0.1)) await post(demo, `/api/events/${event.id}/pin`);
        events++;
      }
    }

    if (index === 0) {
      // 이준호 looks after the living room while she is away: paired by the PIN the camera shows.
      const { pin } = await post<{ pin: string }>(demo, '/api/qr/generate', { cameraId: camera.id, expiresInSec: 300 });
      await post(friend, '/api/connection/establish', { pin });
    }
  }

  await api.call('PUT', '/api/settings', { as: demo, body: { motionSensitivity: 70, recordingQuality: 'high', storageDays: 14, emailNotification: false } });
  return `${CAMERAS.length} cameras (${CAMERAS.filter((c) => c.online).length} online) with a week of status history, ${events} motion and sound events, ${friend.name} paired as a viewer, settings`;
}
