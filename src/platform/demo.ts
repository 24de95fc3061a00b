import type { FastifyInstance } from 'fastify';
import type { Db } from './db/database';
import { addDays, seoulToday } from './time';

/** A signed-in person of the sample data. */
export interface DemoPerson {
  id: number;
  token: string;
  email: string;
  name: string;
}

/** What an app's sample-data script gets: its own API in process, its people and its database. */
export interface DemoContext {
  api: InProcessApi;
  /** The demo user, another person (for chat, pairing, comments) and the admin. */
  people: { demo: DemoPerson; friend: DemoPerson; admin: DemoPerson };
  /** For history no route can back-date (a past day's check-in, a camera's past status). */
  db: Db;
  random: DemoRandom;
}

/** An app's sample data: made through its own routes, so it obeys the same rules; answers a one-line summary. */
export type DemoSeed = (context: DemoContext) => Promise<string>;

/** A route's refusal while seeding: the method, path, status and the app's answer. */
export class DemoRequestError extends Error {}

/**
 * An app's own API called in process (Fastify's inject), as a signed-in client would: the same
 * validation, ownership checks, limits and side effects (notifications, jobs) as any request.
 */
export class InProcessApi {
  constructor(
    private readonly http: FastifyInstance,
    /** The app's API prefix: `/api`, `/api/v1`. */
    readonly prefix: string,
  ) {}

  async signIn(email: string, password: string, name: string): Promise<DemoPerson> {
    const data = await this.call<{ accessToken: string; user: { id: number } }>('POST', `${this.prefix}/auth/login`, { body: { email, password } });
    return { id: data.user.id, token: data.accessToken, email, name };
  }

  /** The answer's `data`; a 4xx or 5xx throws with the app's own words. */
  async call<T = Record<string, unknown>>(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    options: { as?: DemoPerson; body?: unknown } = {},
  ): Promise<T> {
    const res = await this.http.inject({
      method,
      url,
      headers: options.as ? { authorization: `Bearer ${options.as.token}` } : {},
      ...(options.body !== undefined && { payload: options.body as Record<string, unknown> }),
    });
    if (res.statusCode >= 400) throw new DemoRequestError(`${method} ${url} answered ${res.statusCode}: ${res.body.slice(0, 500)}`);
    return (res.json() as { data: T }).data;
  }
}

/** Seeded, so every run makes the same sample data; and Seoul days counted back from today. */
export class DemoRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** 0 ≤ n < 1 (mulberry32). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** A whole number from `min` to `max`, both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }
}

/** The Seoul date `days` days before today. */
export const seoulDaysAgo = (days: number): string => addDays(seoulToday(), -days);

/** An instant on a Seoul date at a Seoul time ("2025-03-01", 21, 30). */
export const seoulInstant = (date: string, hour: number, minute = 0): Date =>
  new Date(`${date}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00+09:00`);
