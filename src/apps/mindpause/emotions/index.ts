import { OwnerCache } from '../../../platform/cache/owner-cache';
import { defineFeature } from '../feature';
import { emotionsRoutes } from './routes';
import { Emotions } from './service';
import { EmotionStatistics } from './statistics';
import * as tables from './tables';

/** Document 002's Phase 3.1: mood records and their statistics. */
export const emotionsFeature = defineFeature({
  name: 'emotions',
  tables,
  needs: ['cache'],
  services(kit) {
    // A user's list pages and statistics are read far more often than their records change.
    const reads = new OwnerCache(kit.core.cache, 'emotions', 86_400_000);
    return { emotions: new Emotions(kit.db, reads), statistics: new EmotionStatistics(kit.db, reads) };
  },
  routes: (router, services) => emotionsRoutes(router, services),
});
