ALTER TABLE "mimo"."settings" ADD COLUMN "auto_recording" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "mimo"."settings" ADD COLUMN "dark_mode" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "mimo"."settings" ADD COLUMN "language" varchar(35) DEFAULT 'ko' NOT NULL;--> statement-breakpoint
ALTER TABLE "mimo"."settings" ADD COLUMN "timezone" varchar(64) DEFAULT 'Asia/Seoul' NOT NULL;