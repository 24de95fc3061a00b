import type { ExerciseCatalog } from '../exercises/catalog';
import { defineFeature } from '../feature';
import type { RecordChanges } from '../workouts/record-changes';
import { recommendationsRoutes } from './routes';
import { Recommendations } from './service';
import * as tables from './tables';

/** Document 000's personal recommendations, built from the catalog and renewed whenever the user's records change. */
export const recommendationsFeature = defineFeature({
  name: 'recommendations',
  tables,
  needs: ['cache'],
  services({ core, db }, { catalog, records }: { catalog: ExerciseCatalog; records: RecordChanges }) {
    const recommendations = new Recommendations(db, core.cache, catalog);
    records.subscribe((userId) => recommendations.renew(userId));
    return { recommendations };
  },
  routes: (router, services) => recommendationsRoutes(router, services),
});
