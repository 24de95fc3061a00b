ALTER TYPE "fitmate"."notification_type" ADD VALUE 'weekly_report' BEFORE 'chat_message';--> statement-breakpoint
CREATE TABLE "fitmate"."chat_messages_archive" (
	"id" bigint PRIMARY KEY NOT NULL,
	"room_id" bigint NOT NULL,
	"sender_id" bigint,
	"message" text NOT NULL,
	"message_type" "fitmate"."chat_message_type" NOT NULL,
	"reply_to_id" bigint,
	"is_forwarded" boolean NOT NULL,
	"attachments" jsonb NOT NULL,
	"client_message_id" varchar(64),
	"edited_at" timestamp with time zone,
	"is_deleted" boolean NOT NULL,
	"deleted_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"read_by" jsonb NOT NULL,
	"archived_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "fitmate"."chat_messages_archive" ADD CONSTRAINT "chat_messages_archive_room_id_chat_rooms_id_fk" FOREIGN KEY ("room_id") REFERENCES "fitmate"."chat_rooms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fitmate"."chat_messages_archive" ADD CONSTRAINT "chat_messages_archive_sender_id_users_id_fk" FOREIGN KEY ("sender_id") REFERENCES "fitmate"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "idx_chat_archive_room" ON "fitmate"."chat_messages_archive" USING btree ("room_id","id");--> statement-breakpoint
CREATE INDEX "idx_chat_archive_created" ON "fitmate"."chat_messages_archive" USING btree ("created_at");