CREATE TYPE "mimo"."camera_status" AS ENUM('online', 'offline', 'error');--> statement-breakpoint
CREATE TYPE "mimo"."event_type" AS ENUM('motion', 'sound', 'manual', 'scheduled');--> statement-breakpoint
CREATE TYPE "mimo"."recording_quality" AS ENUM('low', 'medium', 'high');--> statement-breakpoint
CREATE TABLE "mimo"."camera_status_log" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "mimo"."camera_status_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"camera_id" bigint NOT NULL,
	"status" "mimo"."camera_status" NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mimo"."camera_viewers" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "mimo"."camera_viewers_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"camera_id" bigint NOT NULL,
	"user_id" bigint NOT NULL,
	"granted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_viewed_at" timestamp with time zone,
	CONSTRAINT "camera_viewers_camera_user_unique" UNIQUE("camera_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "mimo"."cameras" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "mimo"."cameras_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"user_id" bigint NOT NULL,
	"name" varchar(100) NOT NULL,
	"device_id" varchar(255) NOT NULL,
	"location" varchar(100),
	"status" "mimo"."camera_status" DEFAULT 'offline' NOT NULL,
	"last_seen" timestamp with time zone,
	"last_heartbeat" timestamp with time zone,
	"firmware" varchar(50),
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"device_secret_hash" varchar(64) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cameras_device_id_unique" UNIQUE("device_id")
);
--> statement-breakpoint
CREATE TABLE "mimo"."connection_codes" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "mimo"."connection_codes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"camera_id" bigint NOT NULL,
	"created_by" bigint NOT NULL,
	"pin_hash" varchar(64) NOT NULL,
	"code_hash" varchar(64) NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"used_by" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "connection_codes_camera_unique" UNIQUE("camera_id"),
	CONSTRAINT "connection_codes_pin_unique" UNIQUE("pin_hash"),
	CONSTRAINT "connection_codes_code_unique" UNIQUE("code_hash")
);
--> statement-breakpoint
CREATE TABLE "mimo"."events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "mimo"."events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"camera_id" bigint NOT NULL,
	"type" "mimo"."event_type" NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"duration" integer DEFAULT 0 NOT NULL,
	"score" numeric(5, 2),
	"is_pinned" boolean DEFAULT false NOT NULL,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"confidence" real,
	"acknowledged" boolean DEFAULT false NOT NULL,
	"image_url" varchar(255),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mimo"."media_uploads" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "mimo"."media_uploads_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"user_id" bigint NOT NULL,
	"camera_id" bigint NOT NULL,
	"event_id" bigint NOT NULL,
	"key" varchar(500) NOT NULL,
	"content_type" varchar(100) NOT NULL,
	"file_size" bigint NOT NULL,
	"index_num" integer DEFAULT 0 NOT NULL,
	"filename" varchar(255),
	"expires_at" timestamp with time zone NOT NULL,
	"completed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "media_uploads_key_unique" UNIQUE("key")
);
--> statement-breakpoint
CREATE TABLE "mimo"."recordings" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "mimo"."recordings_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"event_id" bigint NOT NULL,
	"camera_id" bigint NOT NULL,
	"user_id" bigint NOT NULL,
	"index_num" integer DEFAULT 0 NOT NULL,
	"s3_key" varchar(500) NOT NULL,
	"filename" varchar(255),
	"started_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"duration" integer DEFAULT 0 NOT NULL,
	"file_size" bigint DEFAULT 0 NOT NULL,
	"format" varchar(10) DEFAULT 'mp4' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "recordings_s3_key_unique" UNIQUE("s3_key")
);
--> statement-breakpoint
CREATE TABLE "mimo"."settings" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "mimo"."settings_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"user_id" bigint NOT NULL,
	"notification_enabled" boolean DEFAULT true NOT NULL,
	"email_notification" boolean DEFAULT true NOT NULL,
	"motion_sensitivity" integer DEFAULT 50 NOT NULL,
	"recording_quality" "mimo"."recording_quality" DEFAULT 'medium' NOT NULL,
	"storage_days" integer DEFAULT 30 NOT NULL,
	"app_lock_enabled" boolean DEFAULT false NOT NULL,
	"app_lock_pin_hash" varchar(255),
	"extra" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "settings_user_unique" UNIQUE("user_id"),
	CONSTRAINT "settings_motion_sensitivity_check" CHECK ("mimo"."settings"."motion_sensitivity" between 1 and 100),
	CONSTRAINT "settings_storage_days_check" CHECK ("mimo"."settings"."storage_days" between 1 and 365)
);
--> statement-breakpoint
ALTER TABLE "mimo"."camera_status_log" ADD CONSTRAINT "camera_status_log_camera_id_cameras_id_fk" FOREIGN KEY ("camera_id") REFERENCES "mimo"."cameras"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mimo"."camera_viewers" ADD CONSTRAINT "camera_viewers_camera_id_cameras_id_fk" FOREIGN KEY ("camera_id") REFERENCES "mimo"."cameras"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mimo"."camera_viewers" ADD CONSTRAINT "camera_viewers_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "mimo"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mimo"."cameras" ADD CONSTRAINT "cameras_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "mimo"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mimo"."connection_codes" ADD CONSTRAINT "connection_codes_camera_id_cameras_id_fk" FOREIGN KEY ("camera_id") REFERENCES "mimo"."cameras"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mimo"."connection_codes" ADD CONSTRAINT "connection_codes_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "mimo"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mimo"."connection_codes" ADD CONSTRAINT "connection_codes_used_by_users_id_fk" FOREIGN KEY ("used_by") REFERENCES "mimo"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mimo"."events" ADD CONSTRAINT "events_camera_id_cameras_id_fk" FOREIGN KEY ("camera_id") REFERENCES "mimo"."cameras"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mimo"."media_uploads" ADD CONSTRAINT "media_uploads_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "mimo"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mimo"."media_uploads" ADD CONSTRAINT "media_uploads_camera_id_cameras_id_fk" FOREIGN KEY ("camera_id") REFERENCES "mimo"."cameras"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mimo"."media_uploads" ADD CONSTRAINT "media_uploads_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "mimo"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mimo"."recordings" ADD CONSTRAINT "recordings_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "mimo"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mimo"."recordings" ADD CONSTRAINT "recordings_camera_id_cameras_id_fk" FOREIGN KEY ("camera_id") REFERENCES "mimo"."cameras"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mimo"."recordings" ADD CONSTRAINT "recordings_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "mimo"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mimo"."settings" ADD CONSTRAINT "settings_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "mimo"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "idx_camera_status_log_camera_changed" ON "mimo"."camera_status_log" USING btree ("camera_id","changed_at");--> statement-breakpoint
CREATE INDEX "idx_camera_viewers_user" ON "mimo"."camera_viewers" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "idx_cameras_user" ON "mimo"."cameras" USING btree ("user_id","id");--> statement-breakpoint
CREATE INDEX "idx_cameras_online_heartbeat" ON "mimo"."cameras" USING btree ("last_heartbeat") WHERE status = 'online';--> statement-breakpoint
CREATE INDEX "idx_connection_codes_expires" ON "mimo"."connection_codes" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "idx_events_camera_started" ON "mimo"."events" USING btree ("camera_id","started_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "idx_events_camera_type_started" ON "mimo"."events" USING btree ("camera_id","type","started_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "idx_events_pinned" ON "mimo"."events" USING btree ("camera_id") WHERE is_pinned;--> statement-breakpoint
CREATE INDEX "idx_events_started" ON "mimo"."events" USING btree ("started_at");--> statement-breakpoint
CREATE INDEX "idx_media_uploads_expires" ON "mimo"."media_uploads" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "idx_recordings_event" ON "mimo"."recordings" USING btree ("event_id","index_num");--> statement-breakpoint
CREATE INDEX "idx_recordings_camera_created" ON "mimo"."recordings" USING btree ("camera_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "idx_recordings_user_created" ON "mimo"."recordings" USING btree ("user_id","created_at");