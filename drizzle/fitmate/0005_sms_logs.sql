CREATE TABLE "fitmate"."sms_logs" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "fitmate"."sms_logs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"phone_number" varchar(20) NOT NULL,
	"message" text NOT NULL,
	"template_type" varchar(50) NOT NULL,
	"status" varchar(12) DEFAULT 'pending' NOT NULL,
	"provider" varchar(20),
	"provider_message_id" varchar(100),
	"provider_status" varchar(40),
	"error_code" varchar(64),
	"error_message" text,
	"cost" numeric(10, 5),
	"currency" varchar(3),
	"user_id" bigint,
	"campaign_id" varchar(100),
	"notification_id" bigint,
	"attempts" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	"delivered_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "fitmate"."users" ADD COLUMN "phone_verified_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "fitmate"."sms_logs" ADD CONSTRAINT "sms_logs_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "fitmate"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "idx_sms_phone_created" ON "fitmate"."sms_logs" USING btree ("phone_number","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "idx_sms_status" ON "fitmate"."sms_logs" USING btree ("status");--> statement-breakpoint
CREATE INDEX "idx_sms_template_created" ON "fitmate"."sms_logs" USING btree ("template_type","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "idx_sms_user" ON "fitmate"."sms_logs" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "idx_sms_created" ON "fitmate"."sms_logs" USING btree ("created_at" DESC NULLS LAST);