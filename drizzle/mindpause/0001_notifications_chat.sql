CREATE TYPE "mindpause"."notification_priority" AS ENUM('low', 'normal', 'high', 'urgent');--> statement-breakpoint
CREATE TYPE "mindpause"."notification_type" AS ENUM('emotion_reminder', 'ai_chat', 'community_comment', 'community_like', 'challenge_reminder', 'challenge_completed', 'report_resolved', 'system', 'custom');--> statement-breakpoint
CREATE TABLE "mindpause"."notification_deliveries" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "mindpause"."notification_deliveries_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
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
CREATE TABLE "mindpause"."notifications" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "mindpause"."notifications_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"user_id" bigint NOT NULL,
	"title" varchar(200) NOT NULL,
	"message" text NOT NULL,
	"type" "mindpause"."notification_type" NOT NULL,
	"data" jsonb,
	"is_read" boolean DEFAULT false NOT NULL,
	"read_at" timestamp with time zone,
	"priority" "mindpause"."notification_priority" DEFAULT 'normal' NOT NULL,
	"expires_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "mindpause"."notification_deliveries" ADD CONSTRAINT "notification_deliveries_notification_id_notifications_id_fk" FOREIGN KEY ("notification_id") REFERENCES "mindpause"."notifications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mindpause"."notifications" ADD CONSTRAINT "notifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "mindpause"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "idx_deliveries_status" ON "mindpause"."notification_deliveries" USING btree ("status","channel");--> statement-breakpoint
CREATE INDEX "idx_notifications_user_created" ON "mindpause"."notifications" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "idx_notifications_user_read" ON "mindpause"."notifications" USING btree ("user_id","is_read");--> statement-breakpoint
CREATE INDEX "idx_notifications_type" ON "mindpause"."notifications" USING btree ("type");--> statement-breakpoint
CREATE INDEX "idx_notifications_expires" ON "mindpause"."notifications" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "idx_notifications_priority" ON "mindpause"."notifications" USING btree ("priority","created_at");