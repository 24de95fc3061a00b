import type { AppContext, AppCore } from '../../platform/app';
import type { Cache } from '../../platform/cache';
import type { Db } from '../../platform/db/database';
import type { ExerciseCatalog } from './exercises/catalog';
import type { FitmateNotices } from './notifications';

type Listener = (userId: number) => Promise<void>;

/**
 * Tells whoever keeps figures derived from a user's workout and body records (goal progress,
 * recommendations) that they changed. Listeners run before the request that changed the records
 * answers, so what the client reads next is already up to date.
 */
export class RecordChanges {
  private readonly listeners: Listener[] = [];

  subscribe(listener: Listener): void {
    this.listeners.push(listener);
  }

  async changed(userId: number): Promise<void> {
    for (const listener of this.listeners) await listener(userId);
  }
}

/** What each FitMate module gets to register its routes and services with. */
export interface FitmateContext {
  core: AppCore;
  ctx: AppContext;
  db: Db;
  /** The app's cache (keys already scoped to FitMate). */
  cache: Cache;
  catalog: ExerciseCatalog;
  records: RecordChanges;
  /** Document 004's notifications: workout completed, goal achieved, workout reminder. */
  notices: FitmateNotices;
}
