ALTER TABLE "fitmate"."chat_messages" ADD COLUMN "metadata" jsonb;--> statement-breakpoint
ALTER TABLE "fitmate"."chat_messages_archive" ADD COLUMN "metadata" jsonb;