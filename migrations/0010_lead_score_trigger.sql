-- lead_scores records every stored score change, whatever path stores it (one call, an import, a rescoring job).
CREATE FUNCTION "lead_scores_record"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "lead_scores" ("workspace_id", "lead_id", "total", "grade", "decision", "rubric_id", "rubric_version", "previous_total", "evaluated_at", "created_at")
    SELECT n."workspace_id", n."id", n."score_total", n."score_grade", n."score_decision", n."score_rubric_id", n."score_rubric_version", NULL, coalesce(n."scored_at", now()), clock_timestamp()
    FROM new_leads AS n WHERE n."score_total" IS NOT NULL;
  ELSE
    INSERT INTO "lead_scores" ("workspace_id", "lead_id", "total", "grade", "decision", "rubric_id", "rubric_version", "previous_total", "evaluated_at", "created_at")
    SELECT n."workspace_id", n."id", n."score_total", n."score_grade", n."score_decision", n."score_rubric_id", n."score_rubric_version", o."score_total", coalesce(n."scored_at", now()), clock_timestamp()
    FROM new_leads AS n JOIN old_leads AS o ON o."workspace_id" = n."workspace_id" AND o."id" = n."id"
    WHERE n."score_total" IS NOT NULL
      AND (n."score_total", n."score_grade", n."score_decision", n."score_rubric_id", n."score_rubric_version")
        IS DISTINCT FROM (o."score_total", o."score_grade", o."score_decision", o."score_rubric_id", o."score_rubric_version");
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "leads_record_score_insert" AFTER INSERT ON "leads"
  REFERENCING NEW TABLE AS new_leads FOR EACH STATEMENT EXECUTE FUNCTION "lead_scores_record"();--> statement-breakpoint
CREATE TRIGGER "leads_record_score_update" AFTER UPDATE ON "leads"
  REFERENCING OLD TABLE AS old_leads NEW TABLE AS new_leads FOR EACH STATEMENT EXECUTE FUNCTION "lead_scores_record"();--> statement-breakpoint
INSERT INTO "lead_scores" ("workspace_id", "lead_id", "total", "grade", "decision", "rubric_id", "rubric_version", "evaluated_at", "created_at")
SELECT "workspace_id", "id", "score_total", "score_grade", "score_decision", "score_rubric_id", "score_rubric_version", coalesce("scored_at", "created_at"), coalesce("scored_at", "created_at")
FROM "leads" WHERE "score_total" IS NOT NULL;
