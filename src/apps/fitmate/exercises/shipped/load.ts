import { count, inArray } from 'drizzle-orm';
import type { Db } from '../../../../platform/db/database';
import { searchDocument } from '../../../../platform/text/korean';
import { exerciseCategories, exerciseSecondaryMuscles, exercises, muscleGroups } from '../tables';
import { intensityOf } from '../../vocabulary';
import type { CatalogCategory, CatalogExercise, CatalogMuscle } from './types';

export interface Catalog {
  categories: CatalogCategory[];
  muscles: CatalogMuscle[];
  exercises: CatalogExercise[];
}

export const numberedSteps = (steps: string[]) => steps.map((step, i) => `${i + 1}. ${step}`).join('\n');

/** Derived columns every exercise row has, whether it comes from the catalog or the API. */
export const derivedColumns = (e: { name: string; nameKr: string; tags: string[]; metValue: number | null; requiredEquipment: string[] }) => ({
  intensity: e.metValue === null ? null : intensityOf(e.metValue),
  isEquipmentFree: e.requiredEquipment.length === 0,
  searchText: searchDocument([e.name, e.nameKr], e.tags),
});

/**
 * Puts the shipped catalog into the database. Rows keep the ids of the data, and rows that are
 * there already are left as they are (an admin may have edited them), so loading again changes
 * nothing. Secondary muscles are added only for exercises this load inserted.
 */
export async function loadCatalog(db: Db, catalog: Catalog): Promise<{ inserted: number }> {
  // Every start after the first finds each row there: three counts instead of building and
  // offering some 400 rows (their search documents included) to be refused.
  if (await allPresent(db, catalog)) return { inserted: 0 };
  return db.transaction(async (tx) => {
    await tx
      .insert(exerciseCategories)
      .values(catalog.categories.map(({ id, name, nameKr, description, sortOrder }) => ({ id, name, nameKr, description, sortOrder })))
      .onConflictDoNothing();
    await tx.insert(muscleGroups).values(catalog.muscles).onConflictDoNothing();

    const categoryId = new Map(catalog.categories.map((c) => [c.name, c.id]));
    const muscleId = new Map(catalog.muscles.map((m) => [m.name, m.id]));
    const idOf = (map: Map<string, number>, name: string, what: string) => {
      const id = map.get(name);
      if (id === undefined) throw new Error(`catalog: unknown ${what} ${name}`);
      return id;
    };

    const inserted = await tx
      .insert(exercises)
      .values(
        catalog.exercises.map((e) => ({
          id: e.id,
          name: e.name,
          nameKr: e.nameKr,
          description: e.description,
          instructions: numberedSteps(e.instructions),
          categoryId: idOf(categoryId, e.category, 'category'),
          primaryMuscleGroupId: idOf(muscleId, e.primaryMuscle, 'muscle'),
          metValue: e.met,
          difficultyLevel: e.difficulty,
          requiredEquipment: e.equipment,
          durationMin: e.durationMin,
          repetitionsMin: e.repetitions?.[0] ?? null,
          repetitionsMax: e.repetitions?.[1] ?? null,
          setsMin: e.sets[0],
          setsMax: e.sets[1],
          tags: e.tags,
          isBeginnerFriendly: e.beginnerFriendly,
          ...derivedColumns({ name: e.name, nameKr: e.nameKr, tags: e.tags, metValue: e.met, requiredEquipment: e.equipment }),
        })),
      )
      .onConflictDoNothing()
      .returning({ id: exercises.id });

    const fresh = new Set(inserted.map((row) => row.id));
    const pairs = catalog.exercises
      .filter((e) => fresh.has(e.id))
      .flatMap((e) => e.secondaryMuscles.map((muscle) => ({ exerciseId: e.id, muscleGroupId: idOf(muscleId, muscle, 'muscle') })));
    if (pairs.length) await tx.insert(exerciseSecondaryMuscles).values(pairs).onConflictDoNothing();
    return { inserted: inserted.length };
  });
}

async function allPresent(db: Db, catalog: Catalog): Promise<boolean> {
  const counts = await Promise.all([
    countOf(db, exerciseCategories, catalog.categories),
    countOf(db, muscleGroups, catalog.muscles),
    countOf(db, exercises, catalog.exercises),
  ]);
  return counts[0] === catalog.categories.length && counts[1] === catalog.muscles.length && counts[2] === catalog.exercises.length;
}

/** How many of the rows (by id) the table holds. */
async function countOf(db: Db, table: typeof exerciseCategories | typeof muscleGroups | typeof exercises, rows: { id: number }[]): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(table)
    .where(
      inArray(
        table.id,
        rows.map((r) => r.id),
      ),
    );
  return row!.n;
}
