import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgSchema,
  primaryKey,
  text,
  time,
  timestamp,
  unique,
  varchar,
} from 'drizzle-orm/pg-core';
import { identityColumns, identityTables } from '../../platform/auth/tables';
import { emailTables } from '../../platform/notify/email/table';
import { notificationTables } from '../../platform/notify/tables';
import { pushTables } from '../../platform/notify/push/table';
import { auditTables } from '../../platform/audit/table';
import { settingsTables } from '../../platform/db/settings';
import { smsTables } from '../../platform/notify/sms/table';
import { suspensionTables } from '../../platform/admin/table';
import { BODY_PARTS } from './catalog/types';
import {
  CHAT_MESSAGE_TYPES,
  CHAT_ROLES,
  CHAT_ROOM_TYPES,
  FEEDBACK_KINDS,
  FITNESS_LEVELS,
  GENDERS,
  GOAL_STATUSES,
  GOAL_TYPES,
  INTENSITIES,
  MOODS,
  NOTIFICATION_PRIORITIES,
  NOTIFICATION_TYPES,
  ROLES,
  WORKOUT_TYPES,
} from './vocabulary';

export const fitmate = pgSchema('fitmate');

export const gender = fitmate.enum('gender', GENDERS);
export const fitnessLevel = fitmate.enum('fitness_level', FITNESS_LEVELS);

/** Document 000's users table, plus email_verified, which provider sign-in needs. */
export const users = fitmate.table(
  'users',
  {
    ...identityColumns({ password: 'password', name: 'name', nameLength: 255 }),
    providerId: varchar('provider_id', { length: 255 }),
    height: integer('height'),
    weight: numeric('weight', { precision: 5, scale: 2, mode: 'number' }),
    age: integer('age'),
    gender: gender('gender'),
    birthDate: date('birth_date'),
    fitnessLevel: fitnessLevel('fitness_level'),
    workoutGoals: jsonb('workout_goals').$type<string[]>(),
    availableEquipment: jsonb('available_equipment').$type<string[]>(),
    availableWorkoutTime: integer('available_workout_time'),
    phoneNumber: varchar('phone_number', { length: 20 }),
    /** When the phone number was proven by an SMS code; cleared when the number changes. */
    phoneVerifiedAt: timestamp('phone_verified_at', { withTimezone: true }),
    picture: varchar('picture', { length: 500 }),
    smsNotificationEnabled: boolean('sms_notification_enabled').notNull().default(false),
    emailNotificationEnabled: boolean('email_notification_enabled').notNull().default(true),
    pushNotificationEnabled: boolean('push_notification_enabled').notNull().default(true),
    onboardingCompleted: boolean('onboarding_completed').notNull().default(false),
  },
  (t) => [
    index('idx_provider').on(t.provider, t.providerId),
    index('idx_active_users').on(t.isActive, t.lastLoginAt),
    index('idx_fitness_level').on(t.fitnessLevel),
  ],
);

export const { userRole, userRoles, sessions, refreshTokens, emailVerifications, oauthAccounts } = identityTables(fitmate, users, ROLES);
export const { emailMessages } = emailTables(fitmate);
export const { pushSubscriptions } = pushTables(fitmate, users);
export const { platformSettings } = settingsTables(fitmate);
export const { auditLog } = auditTables(fitmate);
export const { smsLogs } = smsTables(fitmate, users);
export const { userSuspensions } = suspensionTables(fitmate, users);
export const { notificationType, notificationPriority, notifications, notificationDeliveries } = notificationTables(fitmate, users, {
  types: NOTIFICATION_TYPES,
  priorities: NOTIFICATION_PRIORITIES,
  dataColumn: 'data',
});

// ---- Document 000: exercise data ----

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () =>
  timestamp('updated_at', { withTimezone: true })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date());
const userId = () =>
  bigint('user_id', { mode: 'number' })
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' });
// Shipped catalog rows carry their own ids; rows made through the API start above them.
const catalogId = (start: number) => bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity({ startWith: start });

export const bodyPart = fitmate.enum('body_part', BODY_PARTS);
export const intensity = fitmate.enum('intensity', INTENSITIES);

export const exerciseCategories = fitmate.table(
  'exercise_categories',
  {
    id: catalogId(1_000),
    name: varchar('name', { length: 100 }).notNull(),
    nameKr: varchar('name_kr', { length: 100 }).notNull(),
    description: text('description'),
    imageUrl: varchar('image_url', { length: 500 }),
    sortOrder: integer('sort_order').notNull().default(0),
    isActive: boolean('is_active').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('idx_active_categories').on(t.isActive, t.sortOrder)],
);

export const muscleGroups = fitmate.table(
  'muscle_groups',
  {
    id: catalogId(1_000),
    name: varchar('name', { length: 100 }).notNull(),
    nameKr: varchar('name_kr', { length: 100 }).notNull(),
    bodyPart: bodyPart('body_part'),
  },
  (t) => [unique('unique_muscle_name').on(t.name), index('idx_body_part').on(t.bodyPart)],
);

export const exercises = fitmate.table(
  'exercises',
  {
    id: catalogId(100_000),
    name: varchar('name', { length: 255 }).notNull(),
    nameKr: varchar('name_kr', { length: 255 }).notNull(),
    description: text('description'),
    instructions: text('instructions'),
    categoryId: bigint('category_id', { mode: 'number' })
      .notNull()
      .references(() => exerciseCategories.id),
    primaryMuscleGroupId: bigint('primary_muscle_group_id', { mode: 'number' })
      .notNull()
      .references(() => muscleGroups.id),
    metValue: numeric('met_value', { precision: 4, scale: 2, mode: 'number' }),
    intensity: intensity('intensity'),
    difficultyLevel: integer('difficulty_level').notNull().default(1),
    requiredEquipment: jsonb('required_equipment').$type<string[]>().notNull().default([]),
    imageUrl: varchar('image_url', { length: 500 }),
    videoUrl: varchar('video_url', { length: 500 }),
    thumbnailUrl: varchar('thumbnail_url', { length: 500 }),
    durationMin: integer('duration_min'),
    repetitionsMin: integer('repetitions_min'),
    repetitionsMax: integer('repetitions_max'),
    setsMin: integer('sets_min').notNull().default(1),
    setsMax: integer('sets_max').notNull().default(5),
    tags: jsonb('tags').$type<string[]>().notNull().default([]),
    isBeginnerFriendly: boolean('is_beginner_friendly').notNull().default(false),
    isEquipmentFree: boolean('is_equipment_free').notNull().default(true),
    isActive: boolean('is_active').notNull().default(true),
    viewCount: integer('view_count').notNull().default(0),
    popularityScore: numeric('popularity_score', { precision: 3, scale: 2, mode: 'number' }).notNull().default(0),
    /** Names and tags lower-cased and split into jamo (and initial consonants), for typo-tolerant Korean search. */
    searchText: text('search_text').notNull().default(''),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('idx_category').on(t.categoryId),
    index('idx_muscle_group').on(t.primaryMuscleGroupId),
    index('idx_intensity').on(t.intensity),
    index('idx_difficulty').on(t.difficultyLevel),
    index('idx_equipment_free').on(t.isEquipmentFree),
    index('idx_active_exercises').on(t.isActive, t.popularityScore),
    index('idx_search').on(t.name, t.nameKr),
    // MySQL's FULLTEXT (name, name_kr, description, tags) as a PostgreSQL text search index.
    index('ft_search').using(
      'gin',
      sql`to_tsvector('simple', ${t.name} || ' ' || ${t.nameKr} || ' ' || coalesce(${t.description}, '') || ' ' || ${t.tags}::text)`,
    ),
    index('idx_search_trgm').using('gin', sql`${t.searchText} gin_trgm_ops`),
    check('difficulty_range', sql`${t.difficultyLevel} between 1 and 10`),
  ],
);

export const exerciseSecondaryMuscles = fitmate.table(
  'exercise_secondary_muscles',
  {
    exerciseId: bigint('exercise_id', { mode: 'number' })
      .notNull()
      .references(() => exercises.id, { onDelete: 'cascade' }),
    muscleGroupId: bigint('muscle_group_id', { mode: 'number' })
      .notNull()
      .references(() => muscleGroups.id),
  },
  (t) => [primaryKey({ columns: [t.exerciseId, t.muscleGroupId] })],
);

/** Views per exercise per Seoul day, for the weekly ranking (view_count is the running total). */
export const exerciseDailyViews = fitmate.table(
  'exercise_daily_views',
  {
    exerciseId: bigint('exercise_id', { mode: 'number' })
      .notNull()
      .references(() => exercises.id, { onDelete: 'cascade' }),
    day: date('day').notNull(),
    views: integer('views').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.exerciseId, t.day] }), index('idx_daily_views_day').on(t.day)],
);

// ---- Document 000: records ----

export const workoutType = fitmate.enum('workout_type', WORKOUT_TYPES);
export const mood = fitmate.enum('mood', MOODS);

// Index names are unique per schema in PostgreSQL, so the document's idx_user_date of two
// tables becomes idx_workouts_user_date and idx_body_user_date.
export const workoutRecords = fitmate.table(
  'workout_records',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    userId: userId(),
    exerciseId: bigint('exercise_id', { mode: 'number' })
      .notNull()
      .references(() => exercises.id),
    durationMinutes: integer('duration_minutes').notNull(),
    repetitions: integer('repetitions'),
    sets: integer('sets'),
    weightKg: numeric('weight_kg', { precision: 5, scale: 2, mode: 'number' }),
    distanceKm: numeric('distance_km', { precision: 6, scale: 3, mode: 'number' }),
    caloriesBurned: numeric('calories_burned', { precision: 6, scale: 2, mode: 'number' }),
    perceivedExertion: integer('perceived_exertion'),
    heartRateAvg: integer('heart_rate_avg'),
    heartRateMax: integer('heart_rate_max'),
    workoutDate: date('workout_date').notNull(),
    startTime: time('start_time'),
    endTime: time('end_time'),
    workoutType: workoutType('workout_type').notNull().default('INDIVIDUAL'),
    location: varchar('location', { length: 255 }),
    moodBefore: mood('mood_before'),
    moodAfter: mood('mood_after'),
    notes: text('notes'),
    motionAnalysisData: jsonb('motion_analysis_data'),
    formScore: numeric('form_score', { precision: 3, scale: 2, mode: 'number' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('idx_workouts_user_date').on(t.userId, t.workoutDate),
    index('idx_workouts_exercise').on(t.exerciseId),
    index('idx_workouts_date_range').on(t.workoutDate),
    index('idx_calories').on(t.caloriesBurned),
    index('idx_user_exercise').on(t.userId, t.exerciseId),
    index('idx_workout_user_date_exercise').on(t.userId, t.workoutDate, t.exerciseId),
    check('perceived_exertion_range', sql`${t.perceivedExertion} between 1 and 10`),
    check('form_score_range', sql`${t.formScore} between 0 and 10`),
    check('duration_positive', sql`${t.durationMinutes} > 0`),
  ],
);

export const bodyRecords = fitmate.table(
  'body_records',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    userId: userId(),
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
    createdAt: createdAt(),
  },
  (t) => [index('idx_body_user_date').on(t.userId, t.measurementDate), index('idx_measurement_date').on(t.measurementDate)],
);

export const goalType = fitmate.enum('goal_type', GOAL_TYPES);
export const goalStatus = fitmate.enum('goal_status', GOAL_STATUSES);

export const workoutGoals = fitmate.table(
  'workout_goals',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    userId: userId(),
    goalType: goalType('goal_type'),
    targetValue: numeric('target_value', { precision: 8, scale: 2, mode: 'number' }),
    currentValue: numeric('current_value', { precision: 8, scale: 2, mode: 'number' }),
    unit: varchar('unit', { length: 20 }),
    startDate: date('start_date').notNull(),
    targetDate: date('target_date').notNull(),
    status: goalStatus('status').notNull().default('ACTIVE'),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    title: varchar('title', { length: 255 }).notNull(),
    description: text('description'),
    motivationNote: text('motivation_note'),
    /** Where the goal started (the first weight, say), so progress toward the target can be told. */
    baselineValue: numeric('baseline_value', { precision: 8, scale: 2, mode: 'number' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('idx_user_status').on(t.userId, t.status),
    index('idx_target_date').on(t.targetDate),
    index('idx_goal_type').on(t.goalType),
    check('goal_dates', sql`${t.targetDate} >= ${t.startDate}`),
  ],
);

// ---- Recommendations and trainers (not in the document's tables; the features need them) ----

export const feedbackKind = fitmate.enum('recommendation_feedback_kind', FEEDBACK_KINDS);

export const recommendationFeedback = fitmate.table(
  'recommendation_feedback',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    userId: userId(),
    exerciseId: bigint('exercise_id', { mode: 'number' })
      .notNull()
      .references(() => exercises.id, { onDelete: 'cascade' }),
    feedback: feedbackKind('feedback').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('idx_feedback_user').on(t.userId, t.createdAt)],
);

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
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.trainerId, t.clientId] }), index('idx_trainer_client').on(t.clientId)],
);

// ---- Document 000/004: chat (the MongoDB ChatRoom and ChatMessage collections as tables) ----

export const chatRoomType = fitmate.enum('chat_room_type', CHAT_ROOM_TYPES);
export const chatRole = fitmate.enum('chat_participant_role', CHAT_ROLES);
export const chatMessageType = fitmate.enum('chat_message_type', CHAT_MESSAGE_TYPES);

export interface ChatAttachment {
  type: 'image' | 'file' | 'link';
  url: string;
  filename?: string;
  size?: number;
  mimeType?: string;
}

export const chatRooms = fitmate.table(
  'chat_rooms',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    roomType: chatRoomType('room_type').notNull(),
    name: varchar('name', { length: 100 }),
    description: text('description'),
    avatar: varchar('avatar', { length: 500 }),
    // The document's settings {isPrivate, allowInvites, maxParticipants}, as columns.
    isPrivate: boolean('is_private').notNull().default(true),
    allowInvites: boolean('allow_invites').notNull().default(false),
    maxParticipants: integer('max_participants').notNull().default(2),
    /** "smaller:larger" user id of an individual room: one room per pair, whoever opens it. */
    pairKey: varchar('pair_key', { length: 50 }).unique('unique_individual_pair'),
    // The document's lastMessage {messageId, content, senderId, timestamp}.
    lastMessageId: bigint('last_message_id', { mode: 'number' }).references((): AnyPgColumn => chatMessages.id, { onDelete: 'set null' }),
    lastMessageContent: varchar('last_message_content', { length: 200 }),
    lastMessageSenderId: bigint('last_message_sender_id', { mode: 'number' }),
    lastMessageAt: timestamp('last_message_at', { withTimezone: true }),
    createdBy: bigint('created_by', { mode: 'number' }).references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('idx_chat_rooms_type').on(t.roomType),
    index('idx_chat_rooms_updated').on(t.updatedAt),
    check('max_participants_range', sql`${t.maxParticipants} between 2 and 1000`),
  ],
);

export const chatParticipants = fitmate.table(
  'chat_participants',
  {
    roomId: bigint('room_id', { mode: 'number' })
      .notNull()
      .references(() => chatRooms.id, { onDelete: 'cascade' }),
    userId: userId(),
    role: chatRole('role').notNull().default('member'),
    joinedAt: timestamp('joined_at', { withTimezone: true }).notNull().defaultNow(),
    lastReadAt: timestamp('last_read_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.roomId, t.userId] }), index('idx_chat_participants_user').on(t.userId)],
);

export const chatMessages = fitmate.table(
  'chat_messages',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    roomId: bigint('room_id', { mode: 'number' })
      .notNull()
      .references(() => chatRooms.id, { onDelete: 'cascade' }),
    /** Null once the sender's account is deleted; the message stays for the others. */
    senderId: bigint('sender_id', { mode: 'number' }).references(() => users.id, { onDelete: 'set null' }),
    message: text('message').notNull(),
    messageType: chatMessageType('message_type').notNull().default('text'),
    replyToId: bigint('reply_to_id', { mode: 'number' }).references((): AnyPgColumn => chatMessages.id, { onDelete: 'set null' }),
    isForwarded: boolean('is_forwarded').notNull().default(false),
    attachments: jsonb('attachments').$type<ChatAttachment[]>().notNull().default([]),
    /** Document 004's metadata: what the client keeps with the message (file details, image sizes). */
    metadata: jsonb('metadata').$type<Record<string, unknown>>(),
    /** The sender's own id for the message: a retried send with the same id saves nothing new. */
    clientMessageId: varchar('client_message_id', { length: 64 }),
    editedAt: timestamp('edited_at', { withTimezone: true }),
    isDeleted: boolean('is_deleted').notNull().default(false),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index('idx_chat_messages_room').on(t.roomId, t.id),
    index('idx_chat_messages_sender').on(t.senderId),
    index('idx_chat_messages_created').on(t.createdAt),
    unique('unique_client_message').on(t.senderId, t.clientMessageId),
  ],
);

/** Messages older than 90 days, moved here at midnight with who read them (document 004's archive). */
export const chatMessagesArchive = fitmate.table(
  'chat_messages_archive',
  {
    id: bigint('id', { mode: 'number' }).primaryKey(),
    roomId: bigint('room_id', { mode: 'number' })
      .notNull()
      .references(() => chatRooms.id, { onDelete: 'cascade' }),
    senderId: bigint('sender_id', { mode: 'number' }).references(() => users.id, { onDelete: 'set null' }),
    message: text('message').notNull(),
    messageType: chatMessageType('message_type').notNull(),
    replyToId: bigint('reply_to_id', { mode: 'number' }),
    isForwarded: boolean('is_forwarded').notNull(),
    attachments: jsonb('attachments').$type<ChatAttachment[]>().notNull(),
    metadata: jsonb('metadata').$type<Record<string, unknown>>(),
    clientMessageId: varchar('client_message_id', { length: 64 }),
    editedAt: timestamp('edited_at', { withTimezone: true }),
    isDeleted: boolean('is_deleted').notNull(),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    readBy: jsonb('read_by').$type<Array<{ userId: number; readAt: string }>>().notNull(),
    archivedAt: timestamp('archived_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('idx_chat_archive_room').on(t.roomId, t.id), index('idx_chat_archive_created').on(t.createdAt)],
);

/** The document's readBy [{userId, readAt}]. */
export const chatMessageReads = fitmate.table(
  'chat_message_reads',
  {
    messageId: bigint('message_id', { mode: 'number' })
      .notNull()
      .references(() => chatMessages.id, { onDelete: 'cascade' }),
    userId: userId(),
    readAt: timestamp('read_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.messageId, t.userId] }), index('idx_chat_reads_user').on(t.userId)],
);
