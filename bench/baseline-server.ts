/**
 * The benchmark's yardstick: a bare Fastify 5 server (no plugins, envelope, validation or auth)
 * whose one route runs the single-row query behind FitMate's GET /api/auth/me, through the same
 * driver the app uses. Run by bench/run.ts in its own process.
 *
 * Env: BASELINE_PORT, BASELINE_USER_ID, and DATABASE_URL (PostgreSQL) or PGLITE_DIR (a PGlite
 * data directory nothing else has open); DATABASE_POOL_SIZE as in the app.
 */
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { eq } from 'drizzle-orm';
import { QueryBuilder } from 'drizzle-orm/pg-core';
import Fastify from 'fastify';
import pg from 'pg';
import { users } from '../src/apps/fitmate/schema';

interface Store {
  query(text: string, params: unknown[]): Promise<unknown[]>;
  close(): Promise<void>;
}

function required(key: string): string {
  const value = process.env[key];
  if (!value) throw new Error(`${key} is required`);
  return value;
}

async function openStore(): Promise<Store> {
  const url = process.env.DATABASE_URL;
  if (url) {
    // Same pool settings as src/platform/db/database.ts, so both sides get the same concurrency.
    const pool = new pg.Pool({ connectionString: url, max: Number(process.env.DATABASE_POOL_SIZE ?? 10), connectionTimeoutMillis: 5_000 });
    pool.on('error', () => {});
    return { query: async (text, params) => (await pool.query(text, params)).rows, close: () => pool.end() };
  }
  const db = new PGlite(required('PGLITE_DIR'), { extensions: { pg_trgm } });
  await db.waitReady;
  return { query: async (text, params) => (await db.query(text, params)).rows, close: () => db.close() };
}

const userId = Number(required('BASELINE_USER_ID'));
// Drizzle only renders the statement, once: the text is exactly what the app sends for the user
// row, while the per-request path stays driver-only.
const statement = new QueryBuilder({ casing: 'snake_case' }).select().from(users).where(eq(users.id, userId)).toSQL();

const store = await openStore();
const app = Fastify();
app.get('/user', async (_req, reply) => {
  const [row] = await store.query(statement.sql, statement.params);
  if (!row) return reply.code(404).send({ error: 'not found' });
  return row;
});
await app.listen({ host: '127.0.0.1', port: Number(required('BASELINE_PORT')) });

const stop = async () => {
  await app.close();
  await store.close();
  process.exit(0);
};
process.once('SIGTERM', () => void stop());
process.once('SIGINT', () => void stop());
