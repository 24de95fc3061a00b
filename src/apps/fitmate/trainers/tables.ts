import { bigint, index, primaryKey } from 'drizzle-orm/pg-core';
import { createdAtColumn } from '../../../platform/db/columns';
import { fitmate, users } from '../users/tables';

/** A TRAINER's clients: the trainer may read their body records. */
export const trainerClients = fitmate.table(
  'trainer_clients',
  {
    trainerId: bigint('trainer_id', { mode: 'number' })
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    clientId: bigint('client_id', { mode: 'number' })
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAtColumn(),
  },
  (t) => [primaryKey({ columns: [t.trainerId, t.clientId] }), index('idx_trainer_client').on(t.clientId)],
);
