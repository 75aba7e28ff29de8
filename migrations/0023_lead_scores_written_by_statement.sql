-- A statement that writes lead_scores rows itself (a rescoring chunk: from the values it stores, in the same
-- statement) sets qualify.lead_scores_written for its transaction; the trigger that ends that statement consumes the
-- flag and records nothing, so no row is written twice. Every other path still gets its history from the trigger.
CREATE OR REPLACE FUNCTION "lead_scores_record"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('qualify.lead_scores_written', true) = 'on' THEN
    PERFORM set_config('qualify.lead_scores_written', '', true);
    RETURN NULL;
  END IF;
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
$$;
