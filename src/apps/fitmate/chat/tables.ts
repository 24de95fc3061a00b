import { sql } from 'drizzle-orm';
import { type AnyPgColumn, bigint, boolean, check, index, integer, jsonb, primaryKey, text, timestamp, unique, varchar } from 'drizzle-orm/pg-core';
import { createdAtColumn, idColumn, timestampColumns } from '../../../platform/db/columns';
import { fitmate, ownerColumn, users } from '../users/tables';
import { CHAT_MESSAGE_TYPES, CHAT_ROLES, CHAT_ROOM_TYPES } from '../vocabulary';

// Document 000/004's chat: the MongoDB ChatRoom and ChatMessage collections as tables.

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
    id: idColumn(),
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
    ...timestampColumns(),
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
    userId: ownerColumn(),
    role: chatRole('role').notNull().default('member'),
    joinedAt: timestamp('joined_at', { withTimezone: true }).notNull().defaultNow(),
    lastReadAt: timestamp('last_read_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.roomId, t.userId] }), index('idx_chat_participants_user').on(t.userId)],
);

export const chatMessages = fitmate.table(
  'chat_messages',
  {
    id: idColumn(),
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
    createdAt: createdAtColumn(),
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
    userId: ownerColumn(),
    readAt: timestamp('read_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.messageId, t.userId] }), index('idx_chat_reads_user').on(t.userId)],
);
