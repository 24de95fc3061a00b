ALTER TABLE "mindpause"."users" ADD COLUMN "comment_notification_enabled" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "mindpause"."users" ADD COLUMN "like_notification_enabled" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "mindpause"."users" ADD COLUMN "emotion_reminder_enabled" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "mindpause"."users" ADD COLUMN "emotion_reminder_hour" smallint DEFAULT 21 NOT NULL;--> statement-breakpoint
ALTER TABLE "mindpause"."users" ADD COLUMN "challenge_reminder_enabled" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "mindpause"."users" ADD COLUMN "challenge_reminder_hour" smallint DEFAULT 20 NOT NULL;--> statement-breakpoint
CREATE INDEX "idx_users_emotion_reminder" ON "mindpause"."users" USING btree ("emotion_reminder_hour") WHERE "mindpause"."users"."emotion_reminder_enabled";--> statement-breakpoint
CREATE INDEX "idx_users_challenge_reminder" ON "mindpause"."users" USING btree ("challenge_reminder_hour") WHERE "mindpause"."users"."challenge_reminder_enabled";--> statement-breakpoint
ALTER TABLE "mindpause"."users" ADD CONSTRAINT "users_reminder_hours_check" CHECK ("mindpause"."users"."emotion_reminder_hour" between 0 and 23 and "mindpause"."users"."challenge_reminder_hour" between 0 and 23);