import { sql } from 'drizzle-orm';
import type { CleanupStep } from '../../../platform/jobs/cleanup';
import { queryRows, type Db } from '../../../platform/db/database';
import { chatMessageReads, chatMessages, chatMessagesArchive } from './tables';

export const CHAT_KEPT_DAYS = 90;

/**
 * Midnight: chat messages older than 90 days move to the archive table in one statement (with
 * who read them and when), so none is lost or kept twice if the job stops half-way.
 */
export function chatArchiveStep(db: Db): CleanupStep {
  const m = chatMessages;
  const a = chatMessagesArchive;
  const r = chatMessageReads;
  return {
    name: 'chatArchive',
    async run(now) {
      const before = new Date(now.getTime() - CHAT_KEPT_DAYS * 86_400_000);
      const moved = await queryRows<{ id: number }>(
        db,
        sql`with moved as (delete from ${m} where ${m.createdAt} < ${before} returning *)
            insert into ${a} (id, room_id, sender_id, message, message_type, reply_to_id, is_forwarded, attachments, metadata, client_message_id,
                              edited_at, is_deleted, deleted_at, created_at, read_by)
            select moved.id, moved.room_id, moved.sender_id, moved.message, moved.message_type, moved.reply_to_id, moved.is_forwarded,
                   moved.attachments, moved.metadata, moved.client_message_id, moved.edited_at, moved.is_deleted, moved.deleted_at, moved.created_at,
                   coalesce((select jsonb_agg(jsonb_build_object('userId', ${r.userId}, 'readAt', ${r.readAt}) order by ${r.readAt})
                             from ${r} where ${r.messageId} = moved.id), '[]'::jsonb)
            from moved
            returning id`,
      );
      return moved.length;
    },
  };
}
