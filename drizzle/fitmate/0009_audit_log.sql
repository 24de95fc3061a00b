CREATE TABLE "fitmate"."audit_log" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "fitmate"."audit_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_id" bigint,
	"session_id" uuid,
	"action" varchar(64) NOT NULL,
	"target_type" varchar(32),
	"target_id" varchar(64),
	"ip" varchar(64),
	"user_agent" varchar(512),
	"request_id" varchar(128),
	"method" varchar(8),
	"route" varchar(200),
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE INDEX "idx_audit_occurred" ON "fitmate"."audit_log" USING btree ("occurred_at");--> statement-breakpoint
CREATE INDEX "idx_audit_actor" ON "fitmate"."audit_log" USING btree ("actor_id","occurred_at");--> statement-breakpoint
CREATE INDEX "idx_audit_action" ON "fitmate"."audit_log" USING btree ("action","occurred_at");--> statement-breakpoint
CREATE INDEX "idx_audit_target" ON "fitmate"."audit_log" USING btree ("target_type","target_id","occurred_at");