import { z, type ZodType } from 'zod';

/** `?page=&limit=` as every list route takes them: pages from 1, at most 100 items a page. */
export const pageQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type PageQuery = z.output<typeof pageQuery>;

/** Document 000's pagination shape: `{items, pagination: {page, limit, totalItems, totalPages, hasNext, hasPrev}}`. */
export const paginated = <T extends ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    pagination: z.object({
      page: z.number(),
      limit: z.number(),
      totalItems: z.number(),
      totalPages: z.number(),
      hasNext: z.boolean(),
      hasPrev: z.boolean(),
    }),
  });

export interface Page<T> {
  items: T[];
  pagination: { page: number; limit: number; totalItems: number; totalPages: number; hasNext: boolean; hasPrev: boolean };
}

export function pageOf<T>(items: T[], { page, limit }: PageQuery, totalItems: number): Page<T> {
  const totalPages = Math.ceil(totalItems / limit);
  return { items, pagination: { page, limit, totalItems, totalPages, hasNext: page < totalPages, hasPrev: page > 1 } };
}

export const offsetOf = ({ page, limit }: PageQuery) => (page - 1) * limit;
