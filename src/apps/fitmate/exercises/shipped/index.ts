import { CATEGORIES } from './data/categories';
import { EXERCISES } from './data/exercises';
import { MUSCLES } from './data/muscles';
import type { Catalog } from './load';

/** FitMate's own catalog, as shipped: loaded into the database when the app starts. */
export const SHIPPED_CATALOG: Catalog = { categories: CATEGORIES, muscles: MUSCLES, exercises: EXERCISES };
