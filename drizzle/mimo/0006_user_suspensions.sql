CREATE TABLE "mimo"."user_suspensions" (
	"user_id" bigint PRIMARY KEY NOT NULL,
	"reason" varchar(500) NOT NULL,
	"ends_at" timestamp with time zone,
	"suspended_by" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "mimo"."user_suspensions" ADD CONSTRAINT "user_suspensions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "mimo"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mimo"."user_suspensions" ADD CONSTRAINT "user_suspensions_suspended_by_users_id_fk" FOREIGN KEY ("suspended_by") REFERENCES "mimo"."users"("id") ON DELETE set null ON UPDATE no action;