import type { AppContext, AppCore } from '../../platform/app';
import { registerBodyRecords } from './body';
import { registerChat } from './chat';
import { SHIPPED_CATALOG } from './catalog';
import { loadCatalog } from './catalog/load';
import { ExerciseCatalog } from './exercises/catalog';
import { registerExercises } from './exercises/routes';
import { registerGoals } from './goals';
import { registerFitmateJobs } from './jobs';
import { type FitmateContext, RecordChanges } from './module';
import { fitmateNotices } from './notifications';
import { registerRecommendations } from './recommendations';
import { registerTrainers } from './trainers';
import { registerWorkouts } from './workouts';

/** Document 000's main backend: the exercise catalog, records, goals and recommendations. */
export function registerFitmateApi(core: AppCore, ctx: AppContext): FitmateContext {
  const db = ctx.database.db;
  const fitmate: FitmateContext = {
    core,
    ctx,
    db,
    cache: core.cache,
    catalog: new ExerciseCatalog(db, core.cache),
    records: new RecordChanges(),
    notices: fitmateNotices(core.notifications),
  };
  // Before the first request: new catalog rows are added, existing ones left alone.
  core.http.addHook('onReady', async () => {
    const { inserted } = await loadCatalog(db, SHIPPED_CATALOG);
    if (inserted) ctx.logger.info({ inserted }, 'exercise catalog loaded');
  });
  registerExercises(fitmate);
  registerWorkouts(fitmate);
  registerBodyRecords(fitmate);
  registerTrainers(fitmate);
  registerGoals(fitmate);
  registerRecommendations(fitmate);
  registerChat(fitmate);
  registerFitmateJobs(fitmate);
  return fitmate;
}
