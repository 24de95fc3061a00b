import { bigint, index, integer, varchar } from 'drizzle-orm/pg-core';
import { idColumn, createdAtColumn } from '../../../platform/db/columns';
import { mindpause, users } from '../users/tables';

export const FILE_PURPOSES = ['profile', 'attachment'] as const;
export const filePurpose = mindpause.enum('file_purpose', FILE_PURPOSES);

/** Document 002's FileAttachment: every file a user uploaded, with who owns it and what it is for. */
export const fileAttachments = mindpause.table(
  'file_attachments',
  {
    id: idColumn(),
    userId: bigint('user_id', { mode: 'number' })
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** Where the file is in the app's storage. */
    fileKey: varchar('file_key', { length: 200 }).notNull().unique(),
    /** As found in its content (or what it was re-encoded to), never as the client claimed. */
    mimeType: varchar('mime_type', { length: 100 }).notNull(),
    fileSize: integer('file_size').notNull(),
    /** The client's file name, sanitised; shown, never used as a path. */
    originalName: varchar('original_name', { length: 255 }).notNull(),
    purpose: filePurpose('purpose').notNull(),
    createdAt: createdAtColumn(),
  },
  (t) => [index('idx_file_attachments_user').on(t.userId, t.purpose, t.createdAt)],
);
