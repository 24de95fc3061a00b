import { defineFeature } from '../feature';
import type { Trainers } from '../trainers/service';
import type { RecordChanges } from '../workouts/record-changes';
import { bodyRoutes } from './routes';
import { BodyRecords } from './service';
import * as tables from './tables';

/** Document 000's body records, under the user they belong to (their trainers may read them). */
export const bodyFeature = defineFeature({
  name: 'body',
  tables,
  needs: [],
  services: ({ db }, { records, trainers }: { records: RecordChanges; trainers: Trainers }) => ({ bodyRecords: new BodyRecords(db, records, trainers) }),
  routes: (router, services) => bodyRoutes(router, services),
});
