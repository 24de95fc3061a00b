CREATE TABLE "mimo"."camera_status_log" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "mimo"."camera_status_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"camera_id" bigint NOT NULL,
	"status" "mimo"."camera_status" NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "mimo"."camera_status_log" ADD CONSTRAINT "camera_status_log_camera_id_cameras_id_fk" FOREIGN KEY ("camera_id") REFERENCES "mimo"."cameras"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "idx_camera_status_log_camera_changed" ON "mimo"."camera_status_log" USING btree ("camera_id","changed_at");