import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { PhoneCodes } from '../../../platform/auth/phone-codes';
import { type Db, type Tx, preparedRowById } from '../../../platform/db/database';
import { fieldError, notFound } from '../../../platform/http/errors';
import { httpsUrl, lineText, pastDate, phoneSchema } from '../../../platform/http/fields';
import { defineMessages } from '../feature';
import { type Storage, isValidKey } from '../../../platform/storage';
import { pictureUrl, storedKey, storedReference } from '../../../platform/storage/reference';
import { ageOn } from '../../../platform/time';
import { users } from './tables';
import { EQUIPMENT_CODES, FITNESS_LEVELS, GENDERS, GOAL_TYPES } from '../vocabulary';

export const ProfileMessage = defineMessages({
  SMS_NEEDS_PHONE: { ko: 'SMS 알림을 켜려면 전화번호가 필요합니다.', en: 'SMS notifications need a phone number.' },
  PHONE_REQUIRED_WITH_PROOF: { ko: '인증한 전화번호를 함께 입력해 주세요.', en: 'Give the phone number the verification is for.' },
});
const Message = ProfileMessage;

/** The proof from POST /sms/verify-otp; with it the phone number given counts as verified. */
export const phoneVerificationToken = z.string().min(1).max(2048).optional().describe('From POST /sms/verify-otp, for the phoneNumber given');

/** A FitMate user as the app shows it: every column of the document's table but secrets. */
export const profileSchema = z.object({
  id: z.number(),
  email: z.string(),
  name: z.string(),
  provider: z.string(),
  roles: z.array(z.string()),
  emailVerified: z.boolean(),
  height: z.number().nullable().describe('cm'),
  weight: z.number().nullable().describe('kg'),
  age: z.number().nullable(),
  gender: z.enum(GENDERS).nullable(),
  birthDate: z.string().nullable(),
  fitnessLevel: z.enum(FITNESS_LEVELS).nullable(),
  workoutGoals: z.array(z.string()),
  availableEquipment: z.array(z.string()),
  availableWorkoutTime: z.number().nullable().describe('minutes a day'),
  phoneNumber: z.string().nullable().describe('E.164'),
  phoneVerified: z.boolean().describe('The number was proven with an SMS code'),
  phoneVerifiedAt: z.date().nullable(),
  picture: z.string().nullable().describe('URL of the profile image; an uploaded one is a signed URL that stays the same for a UTC day'),
  smsNotificationEnabled: z.boolean(),
  emailNotificationEnabled: z.boolean(),
  pushNotificationEnabled: z.boolean(),
  onboardingCompleted: z.boolean(),
  isActive: z.boolean(),
  lastLoginAt: z.date().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type Profile = z.infer<typeof profileSchema>;

const distinct = <T>(items: T[]) => [...new Set(items)];

/** What a user may change about themselves; email, roles and status are not among it. */
export const profileUpdateSchema = z.strictObject({
  name: lineText(255).optional(),
  height: z.number().int().min(50).max(272).nullable().optional(),
  weight: z
    .number()
    .min(20)
    .max(500)
    .transform((kg) => Math.round(kg * 100) / 100)
    .nullable()
    .optional(),
  age: z.number().int().min(1).max(120).nullable().optional(),
  gender: z.enum(GENDERS).nullable().optional(),
  birthDate: pastDate.nullable().optional(),
  fitnessLevel: z.enum(FITNESS_LEVELS).nullable().optional(),
  workoutGoals: z.array(z.enum(GOAL_TYPES)).max(GOAL_TYPES.length).transform(distinct).optional(),
  availableEquipment: z.array(z.enum(EQUIPMENT_CODES)).max(EQUIPMENT_CODES.length).transform(distinct).optional(),
  availableWorkoutTime: z.number().int().min(5).max(600).nullable().optional(),
  phoneNumber: phoneSchema.nullable().optional(),
  phoneVerificationToken,
  picture: httpsUrl(500).nullable().optional(),
  smsNotificationEnabled: z.boolean().optional(),
  emailNotificationEnabled: z.boolean().optional(),
  pushNotificationEnabled: z.boolean().optional(),
  onboardingCompleted: z.boolean().optional(),
});
export type ProfileUpdate = z.output<typeof profileUpdateSchema>;

// An uploaded picture is kept as a reference to its file (platform/storage/reference).
export const storedPicture = storedReference;

export class FitmateProfiles {
  // The most read row of the app, as one prepared statement.
  private readonly byId;

  constructor(
    private readonly db: Db,
    private readonly storage: Storage,
    private readonly phoneCodes: PhoneCodes,
  ) {
    this.byId = preparedRowById(db, users, 'fitmate_profile_by_id');
  }

  /** The user's row; `roles` come from the caller, who has them at hand (the verified session). */
  async load(userId: number, roles: readonly string[]): Promise<Profile> {
    const user = await this.byId(userId);
    if (!user) throw notFound();
    return {
      ...user,
      roles: [...roles],
      phoneVerified: user.phoneVerifiedAt !== null,
      picture: await pictureUrl(this.storage, user.picture),
      workoutGoals: user.workoutGoals ?? [],
      availableEquipment: user.availableEquipment ?? [],
    };
  }

  async update(userId: number, patch: ProfileUpdate, roles: readonly string[]): Promise<Profile> {
    const { phoneVerificationToken: proof, ...rest } = patch;
    const values: Partial<typeof users.$inferInsert> = { ...rest };
    // A birth date decides the age; the age alone stands only without one.
    if (patch.birthDate) values.age = ageOn(patch.birthDate);
    if (patch.smsNotificationEnabled || patch.phoneNumber !== undefined || proof !== undefined) {
      const [current] = await this.db.select({ phone: users.phoneNumber, sms: users.smsNotificationEnabled }).from(users).where(eq(users.id, userId));
      const phone = patch.phoneNumber === undefined ? current?.phone : patch.phoneNumber;
      const sms = patch.smsNotificationEnabled ?? current?.sms;
      if (sms && !phone) throw fieldError('smsNotificationEnabled', Message.SMS_NEEDS_PHONE);
      if (proof !== undefined) {
        // The proof must be for the number the profile ends up with (the one given, else the one kept).
        if (!phone) throw fieldError('phoneNumber', Message.PHONE_REQUIRED_WITH_PROOF);
        await this.phoneCodes.checkProof(proof, phone);
        values.phoneVerifiedAt = new Date();
      } else if (patch.phoneNumber !== undefined && patch.phoneNumber !== current?.phone) {
        values.phoneVerifiedAt = null; // A new number is not verified until proven.
      }
    }
    if (Object.keys(values).length) await this.write(userId, values);
    return this.load(userId, roles);
  }

  /** At sign-up: marks the number verified when the proof is for it; a proof without a number is refused. */
  async provePhoneOnSignUp(tx: Tx, userId: number, phone: string | undefined, proof: string | undefined): Promise<void> {
    if (proof === undefined) return;
    if (!phone) throw fieldError('phoneNumber', Message.PHONE_REQUIRED_WITH_PROOF);
    await this.phoneCodes.checkProof(proof, phone);
    await tx.update(users).set({ phoneVerifiedAt: new Date() }).where(eq(users.id, userId));
  }

  /** Points the profile at a new picture; a stored one it replaces is deleted. */
  async setPicture(userId: number, picture: string | null): Promise<void> {
    await this.write(userId, { picture });
  }

  private async write(userId: number, values: Partial<typeof users.$inferInsert>): Promise<void> {
    if (values.picture === undefined) {
      await this.db.update(users).set(values).where(eq(users.id, userId));
      return;
    }
    // The row is locked while it changes, so two uploads at once cannot both keep the same old file.
    const previous = await this.db.transaction(async (tx) => {
      const [row] = await tx.select({ picture: users.picture }).from(users).where(eq(users.id, userId)).for('update');
      await tx.update(users).set(values).where(eq(users.id, userId));
      return row?.picture;
    });
    const oldKey = storedKey(previous);
    if (oldKey && previous !== values.picture && isValidKey(oldKey)) {
      // The new picture is in place; a file left behind costs only space, not a failed request.
      await this.storage.delete(oldKey).catch(() => {});
    }
  }
}
