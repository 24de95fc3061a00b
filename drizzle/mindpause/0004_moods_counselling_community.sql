CREATE TYPE "mindpause"."file_purpose" AS ENUM('profile', 'attachment');--> statement-breakpoint
CREATE TYPE "mindpause"."post_category" AS ENUM('daily', 'worry', 'gratitude', 'comfort', 'tips', 'free');--> statement-breakpoint
CREATE TYPE "mindpause"."report_reason" AS ENUM('spam', 'abuse', 'hate', 'sexual', 'self_harm', 'privacy', 'misinformation', 'other');--> statement-breakpoint
CREATE TYPE "mindpause"."report_status" AS ENUM('pending', 'resolved', 'dismissed');--> statement-breakpoint
CREATE TYPE "mindpause"."report_target" AS ENUM('post', 'comment');--> statement-breakpoint
CREATE TABLE "mindpause"."file_attachments" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "mindpause"."file_attachments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"user_id" bigint NOT NULL,
	"file_key" varchar(200) NOT NULL,
	"mime_type" varchar(100) NOT NULL,
	"file_size" integer NOT NULL,
	"original_name" varchar(255) NOT NULL,
	"purpose" "mindpause"."file_purpose" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "file_attachments_file_key_unique" UNIQUE("file_key")
);
--> statement-breakpoint
CREATE TABLE "mindpause"."community_comments" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "mindpause"."community_comments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"post_id" bigint NOT NULL,
	"user_id" bigint NOT NULL,
	"content" text NOT NULL,
	"is_anonymous" boolean DEFAULT false NOT NULL,
	"deleted_at" timestamp with time zone,
	"deleted_by" varchar(10),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mindpause"."community_post_images" (
	"post_id" bigint NOT NULL,
	"attachment_id" bigint NOT NULL,
	"position" smallint NOT NULL,
	CONSTRAINT "community_post_images_post_id_attachment_id_pk" PRIMARY KEY("post_id","attachment_id")
);
--> statement-breakpoint
CREATE TABLE "mindpause"."community_post_likes" (
	"post_id" bigint NOT NULL,
	"user_id" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "community_post_likes_post_id_user_id_pk" PRIMARY KEY("post_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "mindpause"."community_posts" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "mindpause"."community_posts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"user_id" bigint NOT NULL,
	"category" "mindpause"."post_category" NOT NULL,
	"title" varchar(100) NOT NULL,
	"content" text NOT NULL,
	"is_anonymous" boolean DEFAULT false NOT NULL,
	"view_count" integer DEFAULT 0 NOT NULL,
	"like_count" integer DEFAULT 0 NOT NULL,
	"comment_count" integer DEFAULT 0 NOT NULL,
	"deleted_at" timestamp with time zone,
	"deleted_by" varchar(10),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "community_posts_counts_non_negative" CHECK ("mindpause"."community_posts"."like_count" >= 0 AND "mindpause"."community_posts"."comment_count" >= 0 AND "mindpause"."community_posts"."view_count" >= 0)
);
--> statement-breakpoint
CREATE TABLE "mindpause"."community_reports" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "mindpause"."community_reports_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"reporter_id" bigint NOT NULL,
	"target_type" "mindpause"."report_target" NOT NULL,
	"target_id" bigint NOT NULL,
	"reason" "mindpause"."report_reason" NOT NULL,
	"note" varchar(500),
	"status" "mindpause"."report_status" DEFAULT 'pending' NOT NULL,
	"resolved_by" bigint,
	"resolved_at" timestamp with time zone,
	"resolution" varchar(500),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "unique_report_per_user_target" UNIQUE("reporter_id","target_type","target_id")
);
--> statement-breakpoint
CREATE TABLE "mindpause"."user_activity_days" (
	"user_id" bigint NOT NULL,
	"day" date NOT NULL,
	CONSTRAINT "user_activity_days_day_user_id_pk" PRIMARY KEY("day","user_id")
);
--> statement-breakpoint
CREATE TABLE "mindpause"."user_suspensions" (
	"user_id" bigint PRIMARY KEY NOT NULL,
	"reason" varchar(500) NOT NULL,
	"ends_at" timestamp with time zone,
	"suspended_by" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mindpause"."emotion_logs" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "mindpause"."emotion_logs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"user_id" bigint NOT NULL,
	"emotion" varchar(20) NOT NULL,
	"intensity" smallint NOT NULL,
	"note" text,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"activities" text[] DEFAULT '{}'::text[] NOT NULL,
	"felt_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "emotion_logs_emotion_check" CHECK (emotion in ('joy', 'calm', 'gratitude', 'excitement', 'sadness', 'anxiety', 'anger', 'loneliness', 'tiredness', 'stress')),
	CONSTRAINT "emotion_logs_intensity_check" CHECK ("mindpause"."emotion_logs"."intensity" between 1 and 10)
);
--> statement-breakpoint
CREATE TABLE "mindpause"."challenge_check_ins" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "mindpause"."challenge_check_ins_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"challenge_id" bigint NOT NULL,
	"day" date NOT NULL,
	"note" varchar(500),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "challenge_check_ins_challenge_day_unique" UNIQUE("challenge_id","day")
);
--> statement-breakpoint
CREATE TABLE "mindpause"."challenges" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "mindpause"."challenges_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"user_id" bigint NOT NULL,
	"title" varchar(100) NOT NULL,
	"description" text,
	"category" varchar(20) NOT NULL,
	"target_days" integer NOT NULL,
	"start_date" date NOT NULL,
	"status" varchar(20) DEFAULT 'active' NOT NULL,
	"completed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "challenges_status_check" CHECK (status in ('active', 'paused', 'completed', 'abandoned')),
	CONSTRAINT "challenges_category_check" CHECK (category in ('gratitude', 'meditation', 'breathing', 'journaling', 'exercise', 'sleep', 'digital_detox', 'self_care', 'other')),
	CONSTRAINT "challenges_target_days_check" CHECK ("mindpause"."challenges"."target_days" between 1 and 365)
);
--> statement-breakpoint
CREATE TABLE "mindpause"."chat_conversations" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "mindpause"."chat_conversations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"user_id" bigint NOT NULL,
	"title" varchar(100),
	"summary" text,
	"summarized_up_to" bigint,
	"message_count" integer DEFAULT 0 NOT NULL,
	"last_message_at" timestamp with time zone DEFAULT now() NOT NULL,
	"flagged_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "mindpause"."chat_flags" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "mindpause"."chat_flags_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"conversation_id" bigint NOT NULL,
	"message_id" bigint,
	"reason" varchar(200) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"reviewed_at" timestamp with time zone,
	"reviewed_by" bigint,
	"review_note" varchar(1000)
);
--> statement-breakpoint
CREATE TABLE "mindpause"."chat_messages" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "mindpause"."chat_messages_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"conversation_id" bigint NOT NULL,
	"role" varchar(10) NOT NULL,
	"content" text NOT NULL,
	"source" varchar(10),
	"model" varchar(100),
	"prompt_tokens" integer,
	"completion_tokens" integer,
	"total_tokens" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "chat_messages_role_check" CHECK (role in ('user', 'assistant')),
	CONSTRAINT "chat_messages_source_check" CHECK (source is null or source in ('model', 'fallback', 'safety'))
);
--> statement-breakpoint
ALTER TABLE "mindpause"."file_attachments" ADD CONSTRAINT "file_attachments_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "mindpause"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mindpause"."community_comments" ADD CONSTRAINT "community_comments_post_id_community_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "mindpause"."community_posts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mindpause"."community_comments" ADD CONSTRAINT "community_comments_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "mindpause"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mindpause"."community_post_images" ADD CONSTRAINT "community_post_images_post_id_community_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "mindpause"."community_posts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mindpause"."community_post_images" ADD CONSTRAINT "community_post_images_attachment_id_file_attachments_id_fk" FOREIGN KEY ("attachment_id") REFERENCES "mindpause"."file_attachments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mindpause"."community_post_likes" ADD CONSTRAINT "community_post_likes_post_id_community_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "mindpause"."community_posts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mindpause"."community_post_likes" ADD CONSTRAINT "community_post_likes_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "mindpause"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mindpause"."community_posts" ADD CONSTRAINT "community_posts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "mindpause"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mindpause"."community_reports" ADD CONSTRAINT "community_reports_reporter_id_users_id_fk" FOREIGN KEY ("reporter_id") REFERENCES "mindpause"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mindpause"."community_reports" ADD CONSTRAINT "community_reports_resolved_by_users_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "mindpause"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mindpause"."user_activity_days" ADD CONSTRAINT "user_activity_days_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "mindpause"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mindpause"."user_suspensions" ADD CONSTRAINT "user_suspensions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "mindpause"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mindpause"."user_suspensions" ADD CONSTRAINT "user_suspensions_suspended_by_users_id_fk" FOREIGN KEY ("suspended_by") REFERENCES "mindpause"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mindpause"."emotion_logs" ADD CONSTRAINT "emotion_logs_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "mindpause"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mindpause"."challenge_check_ins" ADD CONSTRAINT "challenge_check_ins_challenge_id_challenges_id_fk" FOREIGN KEY ("challenge_id") REFERENCES "mindpause"."challenges"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mindpause"."challenges" ADD CONSTRAINT "challenges_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "mindpause"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mindpause"."chat_conversations" ADD CONSTRAINT "chat_conversations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "mindpause"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mindpause"."chat_flags" ADD CONSTRAINT "chat_flags_conversation_id_chat_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "mindpause"."chat_conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mindpause"."chat_flags" ADD CONSTRAINT "chat_flags_message_id_chat_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "mindpause"."chat_messages"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mindpause"."chat_flags" ADD CONSTRAINT "chat_flags_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "mindpause"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mindpause"."chat_messages" ADD CONSTRAINT "chat_messages_conversation_id_chat_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "mindpause"."chat_conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "idx_file_attachments_user" ON "mindpause"."file_attachments" USING btree ("user_id","purpose","created_at");--> statement-breakpoint
CREATE INDEX "idx_community_comments_post" ON "mindpause"."community_comments" USING btree ("post_id","created_at");--> statement-breakpoint
CREATE INDEX "idx_community_comments_user" ON "mindpause"."community_comments" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "idx_community_post_likes_user" ON "mindpause"."community_post_likes" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "idx_community_posts_created" ON "mindpause"."community_posts" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "idx_community_posts_category" ON "mindpause"."community_posts" USING btree ("category","created_at");--> statement-breakpoint
CREATE INDEX "idx_community_posts_popular" ON "mindpause"."community_posts" USING btree ("like_count","created_at");--> statement-breakpoint
CREATE INDEX "idx_community_posts_user" ON "mindpause"."community_posts" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "idx_community_reports_status" ON "mindpause"."community_reports" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "idx_community_reports_target" ON "mindpause"."community_reports" USING btree ("target_type","target_id");--> statement-breakpoint
CREATE INDEX "idx_emotion_logs_user_felt_at" ON "mindpause"."emotion_logs" USING btree ("user_id","felt_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "idx_challenges_user_created" ON "mindpause"."challenges" USING btree ("user_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "idx_chat_conversations_user_activity" ON "mindpause"."chat_conversations" USING btree ("user_id","last_message_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "idx_chat_conversations_flagged" ON "mindpause"."chat_conversations" USING btree ("flagged_at");--> statement-breakpoint
CREATE INDEX "idx_chat_flags_conversation" ON "mindpause"."chat_flags" USING btree ("conversation_id","reviewed_at");--> statement-breakpoint
CREATE INDEX "idx_chat_messages_conversation" ON "mindpause"."chat_messages" USING btree ("conversation_id","id");