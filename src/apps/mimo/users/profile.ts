import { desc, eq, getTableColumns, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type Db, type Tx, qualified } from '../../../platform/db/database';
import { notFound } from '../../../platform/http/errors';
import { httpsUrl, lineText, longText, pastDate, phoneSchema } from '../../../platform/http/fields';
import { defineMessages } from '../feature';
import { termsAgreements, users } from './tables';

const Message = defineMessages({
  TERMS_REQUIRED: { ko: '필수 약관(이용약관, 개인정보처리방침)에 동의해야 합니다.', en: 'You must accept the terms of service and the privacy policy.' },
  ONE_CONSENT_SHAPE: {
    ko: '동의 항목은 agreements 객체 또는 agreeTerms 등 개별 필드 중 한 가지 방식으로만 보내 주세요.',
    en: 'Send the consents either as the agreements object or as the agreeTerms… fields, not both.',
  },
});

export const agreementsSchema = z.object({
  terms: z.boolean(),
  privacy: z.boolean(),
  microphone: z.boolean(),
  location: z.boolean(),
  marketing: z.boolean(),
  agreedAt: z.date(),
});

/** Sign-up consent: terms and privacy are required, the permissions and marketing are not. */
export const signUpAgreementsSchema = z.strictObject({
  terms: z.literal(true, Message.TERMS_REQUIRED),
  privacy: z.literal(true, Message.TERMS_REQUIRED),
  microphone: z.boolean().default(false),
  location: z.boolean().default(false),
  marketing: z.boolean().default(false),
});

const FLAT_CONSENTS = ['agreeTerms', 'agreePrivacy', 'agreeMicrophone', 'agreeLocation', 'agreeMarketing'] as const;

/**
 * Sign-up consent as document 003 has it (`agreements: {terms, privacy, …}`) or as the MIMO app
 * sends it (flat `agreeTerms`, `agreePrivacy`, …): one shape or the other, terms and privacy true.
 */
export const signUpConsentFields = {
  agreements: signUpAgreementsSchema.optional(),
  ...(Object.fromEntries(FLAT_CONSENTS.map((key) => [key, z.boolean().optional()])) as Record<(typeof FLAT_CONSENTS)[number], z.ZodOptional<z.ZodBoolean>>),
};
type ConsentInput = Partial<Record<(typeof FLAT_CONSENTS)[number], boolean>> & { agreements?: z.output<typeof signUpAgreementsSchema> };

export const consentOf = {
  check(body: ConsentInput, ctx: z.RefinementCtx): void {
    const flat = FLAT_CONSENTS.some((key) => body[key] !== undefined);
    if (flat && body.agreements) ctx.addIssue({ code: 'custom', path: ['agreements'], message: Message.ONE_CONSENT_SHAPE });
    else if (!flat && !body.agreements) ctx.addIssue({ code: 'custom', path: ['agreements'], message: Message.TERMS_REQUIRED });
    else if (flat) {
      for (const key of ['agreeTerms', 'agreePrivacy'] as const)
        if (body[key] !== true) ctx.addIssue({ code: 'custom', path: [key], message: Message.TERMS_REQUIRED });
    }
  },
  /** The consent of a body that passed `check`. */
  read(body: ConsentInput): Consent {
    return (
      body.agreements ?? {
        terms: true,
        privacy: true,
        microphone: body.agreeMicrophone ?? false,
        location: body.agreeLocation ?? false,
        marketing: body.agreeMarketing ?? false,
      }
    );
  },
};

export const profileSchema = z.object({
  id: z.number(),
  email: z.string(),
  name: z.string(),
  nickname: z.string().nullable(),
  bio: z.string().nullable(),
  phone: z.string().nullable(),
  birth: z.string().nullable(),
  picture: z.string().nullable(),
  emailVerified: z.boolean(),
  provider: z.string(),
  googleLinked: z.boolean(),
  roles: z.array(z.string()),
  agreements: agreementsSchema.nullable(),
  lastLoginAt: z.date().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type Profile = z.infer<typeof profileSchema>;

export const profileFields = {
  name: lineText(50),
  nickname: lineText(50),
  bio: longText(1000),
  phone: phoneSchema,
  birth: pastDate,
  picture: httpsUrl(2048),
};

export const profileUpdateSchema = z.strictObject({
  name: profileFields.name.optional(),
  nickname: profileFields.nickname.nullable().optional(),
  bio: profileFields.bio.nullable().optional(),
  phone: profileFields.phone.nullable().optional(),
  birth: profileFields.birth.nullable().optional(),
  picture: profileFields.picture.nullable().optional(),
  /** Optional consents may change; the required two cannot be withdrawn here. */
  agreements: z.strictObject({ microphone: z.boolean().optional(), location: z.boolean().optional(), marketing: z.boolean().optional() }).optional(),
});
export type ProfileUpdate = z.output<typeof profileUpdateSchema>;
type Consent = z.output<typeof signUpAgreementsSchema>;

interface ConsentRow {
  terms: boolean;
  privacy: boolean;
  microphone: boolean;
  location: boolean;
  marketing: boolean;
  agreedAt: string;
}

export class MimoProfiles {
  // The user and their latest consent in one prepared statement.
  private readonly byId;

  constructor(private readonly db: Db) {
    const t = termsAgreements;
    const q = qualified;
    const latestConsent = sql<ConsentRow | null>`(select json_build_object('terms', ${q(t.agreeTerms)}, 'privacy', ${q(t.agreePrivacy)},
      'microphone', ${q(t.agreeMicrophone)}, 'location', ${q(t.agreeLocation)}, 'marketing', ${q(t.agreeMarketing)}, 'agreedAt', ${q(t.createdAt)})
      from ${t} where ${q(t.userId)} = ${q(users.id)} order by ${q(t.id)} desc limit 1)`;
    this.byId = db
      .select({ ...getTableColumns(users), agreements: latestConsent })
      .from(users)
      .where(eq(users.id, sql.placeholder('id')))
      .prepare('mimo_profile_by_id');
  }

  /** The user's row; `roles` come from the caller, who has them at hand (the verified session). */
  async load(userId: number, roles: readonly string[]): Promise<Profile> {
    const [user] = await this.byId.execute({ id: userId });
    if (!user) throw notFound();
    const { googleId, agreements, ...rest } = user;
    return {
      ...rest,
      roles: [...roles],
      googleLinked: googleId !== null,
      agreements: agreements && { ...agreements, agreedAt: new Date(agreements.agreedAt) },
    };
  }

  /** Records the consent given at sign-up, in the same transaction that creates the user. */
  recordSignUpConsent(tx: Tx, userId: number, consent: Consent) {
    return this.insertAgreement(tx, userId, consent).then(() => undefined);
  }

  async update(userId: number, { agreements, ...patch }: ProfileUpdate, roles: readonly string[]): Promise<Profile> {
    await this.db.transaction(async (tx) => {
      if (Object.keys(patch).length) await tx.update(users).set(patch).where(eq(users.id, userId));
      if (agreements && Object.keys(agreements).length) {
        const current = await this.agreements(userId, tx);
        await this.insertAgreement(tx, userId, {
          terms: current?.terms ?? false,
          privacy: current?.privacy ?? false,
          microphone: agreements.microphone ?? current?.microphone ?? false,
          location: agreements.location ?? current?.location ?? false,
          marketing: agreements.marketing ?? current?.marketing ?? false,
        });
      }
    });
    return this.load(userId, roles);
  }

  private insertAgreement(tx: Pick<Db, 'insert'>, userId: number, c: Omit<Consent, 'terms' | 'privacy'> & { terms: boolean; privacy: boolean }) {
    return tx.insert(termsAgreements).values({
      userId,
      agreeTerms: c.terms,
      agreePrivacy: c.privacy,
      agreeMicrophone: c.microphone,
      agreeLocation: c.location,
      agreeMarketing: c.marketing,
    });
  }

  private async agreements(userId: number, db: Pick<Db, 'select'> = this.db) {
    const [row] = await db.select().from(termsAgreements).where(eq(termsAgreements.userId, userId)).orderBy(desc(termsAgreements.id)).limit(1);
    return (
      row && {
        terms: row.agreeTerms,
        privacy: row.agreePrivacy,
        microphone: row.agreeMicrophone,
        location: row.agreeLocation,
        marketing: row.agreeMarketing,
        agreedAt: row.createdAt,
      }
    );
  }
}
