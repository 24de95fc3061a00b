import { defineFeature } from '../feature';
import { ExerciseCatalog } from './catalog';
import { exercisesRoutes } from './routes';
import { SHIPPED_CATALOG } from './shipped';
import { loadCatalog } from './shipped/load';
import * as tables from './tables';

/** Document 000's exercise catalog: browsing, search, the weekly ranking and edits. */
export const exercisesFeature = defineFeature({
  name: 'exercises',
  tables,
  needs: ['cache', 'http'],
  services({ core, db, logger }) {
    // Before the first request: new catalog rows are added, existing ones left alone.
    core.http.addHook('onReady', async () => {
      const { inserted } = await loadCatalog(db, SHIPPED_CATALOG);
      if (inserted) logger.info({ inserted }, 'exercise catalog loaded');
    });
    return { catalog: new ExerciseCatalog(db, core.cache) };
  },
  routes: (router, services) => exercisesRoutes(router, services),
});
