-- The audit log is append-only: the database refuses to change or remove entries, except the
-- retention clean-up, which turns madang.audit_retention on in its own transaction first.
CREATE FUNCTION "mimo"."audit_log_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('madang.audit_retention', true) = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE TRIGGER "audit_log_append_only" BEFORE UPDATE OR DELETE ON "mimo"."audit_log" FOR EACH ROW EXECUTE FUNCTION "mimo"."audit_log_append_only"();
--> statement-breakpoint
CREATE TRIGGER "audit_log_no_truncate" BEFORE TRUNCATE ON "mimo"."audit_log" FOR EACH STATEMENT EXECUTE FUNCTION "mimo"."audit_log_append_only"();
