/**
 * Seeds MIMO's benchmark data straight into the database, in bulk SQL: `count` cameras for the
 * heartbeat run (each with a device credential whose secret the bench derives the same way) and
 * one camera with `events` events. Run in its own process before the server starts, since an
 * embedded PGlite has one writer. Prints JSON: the heartbeat cameras' ids (by index), the events
 * camera and a keyset cursor halfway down its list.
 *
 *   node --import tsx bench/mimo-seed.ts <heartbeat owner id> <events owner id> <cameras> <events>
 */
import { loadConfig } from '../src/config';
import { openDatabase } from '../src/platform/db/database';

const args = process.argv.slice(2).map(Number);
if (args.length !== 4 || !args.every((n) => Number.isSafeInteger(n) && n > 0)) {
  throw new Error('usage: mimo-seed.ts <heartbeat owner id> <events owner id> <cameras> <events>');
}
const [heartbeatOwner, eventsOwner, cameraCount, eventCount] = args as [number, number, number, number];

/** The secret of bench camera n: 43 URL-safe characters, as a real credential's. bench/mimo.ts mirrors it. */
const SECRET_SQL = (n: string) => `'b' || lpad(${n}::text, 42, '0')`;
/** cameras.device_secret_hash: SHA-256 of the secret, base64url without padding (platform/auth/crypto.ts's sha256). */
const HASH_SQL = (n: string) => `translate(rtrim(encode(sha256(convert_to(${SECRET_SQL(n)}, 'UTF8')), 'base64'), '='), '+/', '-_')`;

const config = loadConfig(process.env);
const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
try {
  await database.executeSql(
    `insert into mimo.cameras (user_id, name, device_id, device_secret_hash)
     select $1::bigint, 'bench camera ' || n, 'bench-device-' || n, ${HASH_SQL('n')} from generate_series(1, $2::int) as n`,
    [heartbeatOwner, cameraCount],
  );
  const { rows: ids } = await database.executeSql(
    `select id::int as id, substr(device_id, 14)::int as n from mimo.cameras where user_id = $1::bigint and device_id like 'bench-device-%' order by n`,
    [heartbeatOwner],
  );
  const {
    rows: [eventsCamera],
  } = await database.executeSql(
    `insert into mimo.cameras (user_id, name, device_id, device_secret_hash) values ($1::bigint, '거실 (100k events)', 'bench-events-camera', ${HASH_SQL('0')}) returning id::int as id`,
    [eventsOwner],
  );
  const cameraId = (eventsCamera as { id: number }).id;
  // One event every 25 s back from now (about 29 days), the four types in turn, scores spread over
  // 0–99, a third acknowledged, one in 500 pinned.
  await database.executeSql(
    `insert into mimo.events (camera_id, type, started_at, ended_at, duration, score, confidence, is_pinned, acknowledged, metadata)
     select $1::bigint, (array['motion','sound','manual','scheduled'])[1 + n % 4]::mimo.event_type,
            now() - n * interval '25 seconds', now() - n * interval '25 seconds' + interval '8 seconds', 8,
            (n * 37) % 100, 0.5 + (n % 50) / 100.0, n % 500 = 0, n % 3 = 0, jsonb_build_object('zone', 'zone-' || n % 5)
     from generate_series(1, $2::int) as n`,
    [cameraId, eventCount],
  );
  await database.executeSql('analyze mimo.cameras; analyze mimo.events');
  // events/cursor.ts's format: the row's start in microseconds since the epoch, a dot, its id.
  const {
    rows: [deep],
  } = await database.executeSql(
    `select (extract(epoch from started_at) * 1000000)::bigint::text || '.' || id as cursor
     from mimo.events where camera_id = $1::bigint order by started_at desc, id desc offset $2::int limit 1`,
    [cameraId, Math.floor(eventCount / 2) - 1],
  );
  console.log(JSON.stringify({ cameras: ids, eventsCameraId: cameraId, deepCursor: (deep as { cursor: string }).cursor }));
} finally {
  await database.close();
}
