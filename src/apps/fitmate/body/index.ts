import { and, desc, eq, gte, lte, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../../platform/db/database';
import { badRequest, forbidden, notFound } from '../../../platform/http/errors';
import { longText, pastDate } from '../../../platform/http/fields';
import { defineMessages } from '../../../platform/http/i18n';
import { offsetOf, pageOf, pageQuery, paginated } from '../../../platform/http/pagination';
import type { Principal } from '../../../platform/http/router';
import type { FitmateContext, RecordChanges } from '../module';
import { bodyRecords } from './tables';
import { users } from '../users/tables';
import { maySee } from '../trainers';

const Message = defineMessages({
  BODY_RECORD_SAVED: { ko: '신체 기록이 저장되었습니다.', en: 'Body record saved.' },
  BODY_RECORD_UPDATED: { ko: '신체 기록이 수정되었습니다.', en: 'Body record updated.' },
  BODY_RECORD_DELETED: { ko: '신체 기록이 삭제되었습니다.', en: 'Body record deleted.' },
  NO_MEASUREMENT: { ko: '측정값을 하나 이상 입력해 주세요.', en: 'Give at least one measurement.' },
  BAD_BODY_RANGE: { ko: '시작 날짜가 종료 날짜보다 늦을 수 없습니다.', en: 'The start date cannot be after the end date.' },
  TIME_FORMAT_BODY: { ko: '시간은 HH:MM 또는 HH:MM:SS 형식이어야 합니다.', en: 'Times are HH:MM or HH:MM:SS.' },
});

const measure = (min: number, max: number, places: number) =>
  z
    .number()
    .min(min)
    .max(max)
    .transform((n) => Math.round(n * 10 ** places) / 10 ** places)
    .nullable();

const fields = z.strictObject({
  weightKg: measure(20, 500, 2),
  bodyFatPercentage: measure(1, 75, 2),
  muscleMassKg: measure(5, 200, 2),
  bmi: measure(10, 80, 2).describe('As measured (e.g. by a body-composition scale); left out or null, it is worked out from the weight and the profile height'),
  waistCm: measure(30, 300, 1),
  chestCm: measure(30, 300, 1),
  armCm: measure(10, 100, 1),
  thighCm: measure(20, 150, 1),
  measurementDate: pastDate,
  measurementTime: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/, Message.TIME_FORMAT_BODY)
    .nullable(),
  notes: longText(2000).nullable(),
});
const MEASURES = ['weightKg', 'bodyFatPercentage', 'muscleMassKg', 'bmi', 'waistCm', 'chestCm', 'armCm', 'thighCm'] as const;
const bodyRecordBody = fields
  .partial()
  .required({ measurementDate: true })
  .refine((r) => MEASURES.some((key) => r[key] != null), { message: Message.NO_MEASUREMENT, path: ['weightKg'] });
const bodyRecordUpdate = fields.partial();

const bodyRecordSchema = z.object({
  id: z.number(),
  userId: z.number(),
  weightKg: z.number().nullable(),
  bodyFatPercentage: z.number().nullable(),
  muscleMassKg: z.number().nullable(),
  bmi: z.number().nullable().describe('As given, or worked out from the weight and the height in the profile'),
  waistCm: z.number().nullable(),
  chestCm: z.number().nullable(),
  armCm: z.number().nullable(),
  thighCm: z.number().nullable(),
  measurementDate: z.string(),
  measurementTime: z.string().nullable(),
  notes: z.string().nullable(),
  createdAt: z.date(),
});

/** weight / height², to two decimals; none without both, or when the pair is not a human one. */
export function bmiOf(weightKg: number | null | undefined, heightCm: number | null | undefined): number | null {
  if (!weightKg || !heightCm) return null;
  const bmi = Math.round((weightKg / (heightCm / 100) ** 2) * 100) / 100;
  return bmi < 100 ? bmi : null;
}

/**
 * Body records, under the user they belong to. The user, an ADMIN or the user's TRAINER may
 * read them; the user or an ADMIN may write; anyone else gets 403.
 */
class BodyRecords {
  constructor(
    private readonly db: Db,
    private readonly records: RecordChanges,
  ) {}

  async check(principal: Principal, userId: number, write: boolean) {
    const allowed = write ? principal.userId === userId || principal.roles.includes('ADMIN') : await maySee(this.db, principal, userId);
    if (!allowed) throw forbidden();
  }

  async list(userId: number, query: z.output<typeof listQuery>) {
    if (query.from && query.to && query.from > query.to) throw badRequest(Message.BAD_BODY_RANGE);
    const rows = await this.db
      .select({ record: bodyRecords, total: sql<number>`count(*) over ()`.mapWith(Number) })
      .from(bodyRecords)
      .where(
        and(
          eq(bodyRecords.userId, userId),
          query.from ? gte(bodyRecords.measurementDate, query.from) : undefined,
          query.to ? lte(bodyRecords.measurementDate, query.to) : undefined,
        ),
      )
      .orderBy(desc(bodyRecords.measurementDate), sql`${bodyRecords.measurementTime} desc nulls last`, desc(bodyRecords.id))
      .limit(query.limit)
      .offset(offsetOf(query));
    return pageOf(
      rows.map((r) => r.record),
      query,
      rows[0]?.total ?? 0,
    );
  }

  async create(userId: number, body: z.output<typeof bodyRecordBody>) {
    const height = await this.height(userId);
    const [row] = await this.db
      .insert(bodyRecords)
      .values({ ...body, userId, bmi: body.bmi ?? bmiOf(body.weightKg, height) })
      .returning();
    await this.records.changed(userId);
    return row!;
  }

  async update(userId: number, id: number, patch: z.output<typeof bodyRecordUpdate>) {
    const [current] = await this.db
      .select()
      .from(bodyRecords)
      .where(and(eq(bodyRecords.id, id), eq(bodyRecords.userId, userId)));
    if (!current) throw notFound();
    const weight = patch.weightKg === undefined ? current.weightKg : patch.weightKg;
    // A BMI given is kept as measured; a new weight without one, or null, works it out again.
    const bmi = patch.bmi ?? (patch.bmi === null || patch.weightKg !== undefined ? bmiOf(weight, await this.height(userId)) : current.bmi);
    const [row] = await this.db
      .update(bodyRecords)
      .set({ ...patch, bmi })
      .where(eq(bodyRecords.id, id))
      .returning();
    await this.records.changed(userId);
    return row!;
  }

  async delete(userId: number, id: number) {
    const removed = await this.db
      .delete(bodyRecords)
      .where(and(eq(bodyRecords.id, id), eq(bodyRecords.userId, userId)))
      .returning({ id: bodyRecords.id });
    if (!removed.length) throw notFound();
    await this.records.changed(userId);
  }

  private async height(userId: number) {
    const [user] = await this.db.select({ height: users.height }).from(users).where(eq(users.id, userId));
    return user?.height ?? null;
  }
}

const listQuery = pageQuery.extend({ from: z.iso.date().optional(), to: z.iso.date().optional() });
const userParams = z.object({ userId: z.coerce.number().int().positive() });
const recordParams = userParams.extend({ id: z.coerce.number().int().positive() });

/** Document 000's /api/users/{userId}/body-records. */
export function registerBodyRecords({ core, db, records }: FitmateContext): void {
  const service = new BodyRecords(db, records);
  const { router } = core;
  const tags = ['body records'];
  const path = '/api/users/:userId/body-records';

  router.get(
    path,
    { summary: '신체 기록 조회 (Body records)', tags, auth: true, params: userParams, query: listQuery, response: paginated(bodyRecordSchema) },
    async (req) => {
      await service.check(req.principal, req.params.userId, false);
      return service.list(req.params.userId, req.query);
    },
  );
  router.post(
    path,
    {
      summary: '신체 기록 추가 (Add a body record)',
      tags,
      auth: true,
      params: userParams,
      body: bodyRecordBody,
      response: bodyRecordSchema,
      status: 201,
      message: Message.BODY_RECORD_SAVED,
    },
    async (req) => {
      await service.check(req.principal, req.params.userId, true);
      return service.create(req.params.userId, req.body);
    },
  );
  router.put(
    `${path}/:id`,
    {
      summary: '신체 기록 수정 (Update a body record)',
      tags,
      auth: true,
      params: recordParams,
      body: bodyRecordUpdate,
      response: bodyRecordSchema,
      message: Message.BODY_RECORD_UPDATED,
    },
    async (req) => {
      await service.check(req.principal, req.params.userId, true);
      return service.update(req.params.userId, req.params.id, req.body);
    },
  );
  router.delete(
    `${path}/:id`,
    { summary: '신체 기록 삭제 (Delete a body record)', tags, auth: true, params: recordParams, response: z.null(), message: Message.BODY_RECORD_DELETED },
    async (req) => {
      await service.check(req.principal, req.params.userId, true);
      await service.delete(req.params.userId, req.params.id);
      return null;
    },
  );
}
