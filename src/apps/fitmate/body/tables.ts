import { date, index, numeric, text, time } from 'drizzle-orm/pg-core';
import { createdAtColumn, idColumn } from '../../../platform/db/columns';
import { fitmate, ownerColumn } from '../users/tables';

export const bodyRecords = fitmate.table(
  'body_records',
  {
    id: idColumn(),
    userId: ownerColumn(),
    weightKg: numeric('weight_kg', { precision: 5, scale: 2, mode: 'number' }),
    bodyFatPercentage: numeric('body_fat_percentage', { precision: 4, scale: 2, mode: 'number' }),
    muscleMassKg: numeric('muscle_mass_kg', { precision: 5, scale: 2, mode: 'number' }),
    bmi: numeric('bmi', { precision: 4, scale: 2, mode: 'number' }),
    waistCm: numeric('waist_cm', { precision: 4, scale: 1, mode: 'number' }),
    chestCm: numeric('chest_cm', { precision: 4, scale: 1, mode: 'number' }),
    armCm: numeric('arm_cm', { precision: 4, scale: 1, mode: 'number' }),
    thighCm: numeric('thigh_cm', { precision: 4, scale: 1, mode: 'number' }),
    measurementDate: date('measurement_date').notNull(),
    measurementTime: time('measurement_time'),
    notes: text('notes'),
    createdAt: createdAtColumn(),
  },
  (t) => [index('idx_body_user_date').on(t.userId, t.measurementDate), index('idx_measurement_date').on(t.measurementDate)],
);
