CREATE TYPE "fitmate"."chat_message_type" AS ENUM('text', 'image', 'file', 'emoji', 'system');--> statement-breakpoint
CREATE TYPE "fitmate"."chat_participant_role" AS ENUM('member', 'admin', 'moderator');--> statement-breakpoint
CREATE TYPE "fitmate"."chat_room_type" AS ENUM('individual', 'group', 'support');--> statement-breakpoint
CREATE TYPE "fitmate"."notification_priority" AS ENUM('low', 'normal', 'high', 'urgent');--> statement-breakpoint
CREATE TYPE "fitmate"."notification_type" AS ENUM('workout_completed', 'goal_achieved', 'workout_reminder', 'chat_message', 'friend_request', 'system_update', 'custom');--> statement-breakpoint
CREATE TABLE "fitmate"."chat_message_reads" (
	"message_id" bigint NOT NULL,
	"user_id" bigint NOT NULL,
	"read_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "chat_message_reads_message_id_user_id_pk" PRIMARY KEY("message_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "fitmate"."chat_messages" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "fitmate"."chat_messages_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"room_id" bigint NOT NULL,
	"sender_id" bigint,
	"message" text NOT NULL,
	"message_type" "fitmate"."chat_message_type" DEFAULT 'text' NOT NULL,
	"reply_to_id" bigint,
	"is_forwarded" boolean DEFAULT false NOT NULL,
	"attachments" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"client_message_id" varchar(64),
	"edited_at" timestamp with time zone,
	"is_deleted" boolean DEFAULT false NOT NULL,
	"deleted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "unique_client_message" UNIQUE("sender_id","client_message_id")
);
--> statement-breakpoint
CREATE TABLE "fitmate"."chat_participants" (
	"room_id" bigint NOT NULL,
	"user_id" bigint NOT NULL,
	"role" "fitmate"."chat_participant_role" DEFAULT 'member' NOT NULL,
	"joined_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_read_at" timestamp with time zone,
	CONSTRAINT "chat_participants_room_id_user_id_pk" PRIMARY KEY("room_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "fitmate"."chat_rooms" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "fitmate"."chat_rooms_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"room_type" "fitmate"."chat_room_type" NOT NULL,
	"name" varchar(100),
	"description" text,
	"avatar" varchar(500),
	"is_private" boolean DEFAULT true NOT NULL,
	"allow_invites" boolean DEFAULT false NOT NULL,
	"max_participants" integer DEFAULT 2 NOT NULL,
	"pair_key" varchar(50),
	"last_message_id" bigint,
	"last_message_content" varchar(200),
	"last_message_sender_id" bigint,
	"last_message_at" timestamp with time zone,
	"created_by" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "unique_individual_pair" UNIQUE("pair_key"),
	CONSTRAINT "max_participants_range" CHECK ("fitmate"."chat_rooms"."max_participants" between 2 and 1000)
);
--> statement-breakpoint
CREATE TABLE "fitmate"."notification_deliveries" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "fitmate"."notification_deliveries_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"notification_id" bigint NOT NULL,
	"channel" varchar(10) NOT NULL,
	"status" varchar(12) DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"sent_at" timestamp with time zone,
	"failure_reason" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "unique_notification_channel" UNIQUE("notification_id","channel")
);
--> statement-breakpoint
CREATE TABLE "fitmate"."notifications" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "fitmate"."notifications_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"user_id" bigint NOT NULL,
	"title" varchar(200) NOT NULL,
	"message" text NOT NULL,
	"type" "fitmate"."notification_type" NOT NULL,
	"data" jsonb,
	"is_read" boolean DEFAULT false NOT NULL,
	"read_at" timestamp with time zone,
	"priority" "fitmate"."notification_priority" DEFAULT 'normal' NOT NULL,
	"expires_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "fitmate"."chat_message_reads" ADD CONSTRAINT "chat_message_reads_message_id_chat_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "fitmate"."chat_messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fitmate"."chat_message_reads" ADD CONSTRAINT "chat_message_reads_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "fitmate"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fitmate"."chat_messages" ADD CONSTRAINT "chat_messages_room_id_chat_rooms_id_fk" FOREIGN KEY ("room_id") REFERENCES "fitmate"."chat_rooms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fitmate"."chat_messages" ADD CONSTRAINT "chat_messages_sender_id_users_id_fk" FOREIGN KEY ("sender_id") REFERENCES "fitmate"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fitmate"."chat_messages" ADD CONSTRAINT "chat_messages_reply_to_id_chat_messages_id_fk" FOREIGN KEY ("reply_to_id") REFERENCES "fitmate"."chat_messages"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fitmate"."chat_participants" ADD CONSTRAINT "chat_participants_room_id_chat_rooms_id_fk" FOREIGN KEY ("room_id") REFERENCES "fitmate"."chat_rooms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fitmate"."chat_participants" ADD CONSTRAINT "chat_participants_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "fitmate"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fitmate"."chat_rooms" ADD CONSTRAINT "chat_rooms_last_message_id_chat_messages_id_fk" FOREIGN KEY ("last_message_id") REFERENCES "fitmate"."chat_messages"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fitmate"."chat_rooms" ADD CONSTRAINT "chat_rooms_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "fitmate"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fitmate"."notification_deliveries" ADD CONSTRAINT "notification_deliveries_notification_id_notifications_id_fk" FOREIGN KEY ("notification_id") REFERENCES "fitmate"."notifications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fitmate"."notifications" ADD CONSTRAINT "notifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "fitmate"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "idx_chat_reads_user" ON "fitmate"."chat_message_reads" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "idx_chat_messages_room" ON "fitmate"."chat_messages" USING btree ("room_id","id");--> statement-breakpoint
CREATE INDEX "idx_chat_messages_sender" ON "fitmate"."chat_messages" USING btree ("sender_id");--> statement-breakpoint
CREATE INDEX "idx_chat_messages_created" ON "fitmate"."chat_messages" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "idx_chat_participants_user" ON "fitmate"."chat_participants" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "idx_chat_rooms_type" ON "fitmate"."chat_rooms" USING btree ("room_type");--> statement-breakpoint
CREATE INDEX "idx_chat_rooms_updated" ON "fitmate"."chat_rooms" USING btree ("updated_at");--> statement-breakpoint
CREATE INDEX "idx_deliveries_status" ON "fitmate"."notification_deliveries" USING btree ("status","channel");--> statement-breakpoint
CREATE INDEX "idx_notifications_user_created" ON "fitmate"."notifications" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "idx_notifications_user_read" ON "fitmate"."notifications" USING btree ("user_id","is_read");--> statement-breakpoint
CREATE INDEX "idx_notifications_type" ON "fitmate"."notifications" USING btree ("type");--> statement-breakpoint
CREATE INDEX "idx_notifications_expires" ON "fitmate"."notifications" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "idx_notifications_priority" ON "fitmate"."notifications" USING btree ("priority","created_at");