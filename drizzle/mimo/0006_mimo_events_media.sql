ALTER TABLE "mimo"."media_uploads" ADD COLUMN "index_num" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "mimo"."media_uploads" ADD COLUMN "filename" varchar(255);--> statement-breakpoint
CREATE INDEX "idx_events_started" ON "mimo"."events" USING btree ("started_at");